import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { localIssuer } from '../../api/auth/local-issuer';
import { createPool } from '../../db/pool';
import { SNAPSHOT_AT } from '../data/snapshot';
import { designYearFile } from '../data/year-file';
import { parseArgs } from '../support/args';
import { runMain } from '../support/main';
import { postgresCpu, postgresCpuBetween } from '../support/cpu';
import { settleAfterLoad, startBenchDatabase } from '../support/postgres';
import { readBaseline } from './baseline';
import { loadOpenYear, readTargets } from './data';
import type { readApi as ReadApi } from './stack';

// Two checkouts' read paths (and the bare baseline) over one loaded year, in one process, in turn, so that
// whatever else the machine runs falls on all alike: the CPU a read of this process (the API called through
// its fetch handler, no sockets to the client) and of Postgres, with 16 reads in flight:
//   npx tsx bench/read/compare.ts --scale 0.01 /work/main
// The other tree needs bench/read/stack.ts's `readApi`. ROUNDS (6) rounds of READS (1,500) reads each.

const IN_FLIGHT = 16;
const READS = Number(process.env.READS ?? 1_500);
const ROUNDS = Number(process.env.ROUNDS ?? 6);

async function main(): Promise<void> {
  const { scale } = parseArgs(process.argv.slice(2));
  const others = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--scale');
  const db = await startBenchDatabase('read_compare');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cstr-read-compare-'));
  try {
    await loadOpenYear(db.url, await designYearFile({ scale }), (m) => console.error(m));
    await settleAfterLoad(db.pool);
    const targets = await readTargets(db.pool);
    const issuer = await localIssuer(dir);
    const token = await issuer.mint({ role: 'probation', org: targets.pdu, sub: 'probation-officer-1' });
    const apiOf = async (tree: string) => {
      const { readApi } = (await import(path.join(tree, 'bench/read/stack.ts'))) as {
        readApi: typeof ReadApi;
      };
      return (await readApi(db.url, dir, SNAPSHOT_AT)).api.fetch;
    };
    const pool = createPool({ url: db.url });
    const variants = [
      { name: 'this tree', fetch: await apiOf(path.join(__dirname, '..', '..')), prefix: '/v1', auth: true },
      ...(await Promise.all(
        others.map(async (tree) => ({
          name: path.basename(path.resolve(tree)),
          fetch: await apiOf(path.resolve(tree)),
          prefix: '/v1',
          auth: true,
        })),
      )),
      {
        name: 'baseline',
        fetch: readBaseline(pool, targets.pdu).fetch,
        prefix: '/baseline',
        auth: false,
      },
    ].map((v) => ({ ...v, cpu: [] as number[], postgres: [] as number[], logged: 0 }));
    const run = async (v: (typeof variants)[number], n: number) => {
      const headers: Record<string, string> = v.auth ? { Authorization: `Bearer ${token}` } : {};
      const url = (k: number) =>
        k % 3 === 0
          ? `${v.prefix}/orders/${targets.orderIds[Math.floor(k / 3) % targets.orderIds.length]!}`
          : k % 3 === 1
            ? `${v.prefix}/requirements?status=${encodeURIComponent(targets.status)}`
            : `${v.prefix}/deadlines`;
      let next = 0;
      const worker = async () => {
        while (next < n) {
          const res = await v.fetch(new Request(`http://127.0.0.1${url(next++)}`, { headers }));
          if (res.status !== 200) throw new Error(`${v.name}: ${res.status} ${await res.text()}`);
          await res.arrayBuffer();
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    };
    const logRows = async () =>
      Number((await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM accesses')).rows[0]!.n);
    for (const v of variants) await run(v, 2 * READS);
    for (let round = 0; round < ROUNDS; round++)
      for (let k = 0; k < variants.length; k++) {
        const v = variants[(round + k) % variants.length]!;
        const rowsBefore = await logRows();
        const pgBefore = postgresCpu(db.dataDir);
        const before = process.cpuUsage();
        await run(v, READS);
        const used = process.cpuUsage(before);
        v.logged += ((await logRows()) - rowsBefore) / READS / ROUNDS;
        v.cpu.push((used.user + used.system) / 1000 / READS);
        v.postgres.push(postgresCpuBetween(pgBefore, postgresCpu(db.dataDir)) / READS);
      }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const base = variants.at(-1)!;
    console.log(
      '| variant | CPU a read, this process (ms): median; each round | Postgres (ms): median; each round | both, × baseline | access-log rows a read |',
    );
    console.log('| --- | --- | --- | ---: | ---: |');
    for (const v of variants)
      console.log(
        `| ${v.name} | ${median(v.cpu).toFixed(3)}; ${v.cpu.map((x) => x.toFixed(2)).join(', ')} | ${median(v.postgres).toFixed(3)}; ${v.postgres.map((x) => x.toFixed(2)).join(', ')} | ${((median(v.cpu) + median(v.postgres)) / (median(base.cpu) + median(base.postgres))).toFixed(2)} | ${v.logged.toFixed(1)} |`,
      );
    console.log(
      `${ROUNDS} rounds of ${READS} reads each (the three in turn), ${IN_FLIGHT} in flight, scale ${scale}`,
    );
    await pool.end();
  } catch (error) {
    console.error(error);
    throw error;
  } finally {
    await rm(dir, { recursive: true, force: true });
    await db.stop();
  }
}

runMain(main);
