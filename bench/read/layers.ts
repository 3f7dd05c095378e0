import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { localIssuer } from '../../api/auth/local-issuer';
import { SNAPSHOT_AT } from '../data/snapshot';
import { cpuInTurns } from '../support/cpu-in-turns';
import { runMain } from '../support/main';
import type { readApi as ReadApi } from './stack';

// What every /v1 request costs before its route and after it (the middlewares, Hono's dispatch, the cached
// token's check), this tree's API and other trees', in turn, in one process: each API is given a route that
// answers at once and touches no database (nothing read, so no access-log row), called through its fetch
// handler with a valid token, 16 in flight:
//   npx tsx bench/read/layers.ts /work/main
// The other tree needs bench/read/stack.ts's `readApi`. ROUNDS (8) rounds of REQUESTS (20,000) requests each.

const IN_FLIGHT = 16;
const ROUNDS = Number(process.env.ROUNDS ?? 8);
const REQUESTS = Number(process.env.REQUESTS ?? 20_000);
const PROBE = '/v1/layers-probe';

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cstr-read-layers-'));
  try {
    const issuer = await localIssuer(dir);
    const token = await issuer.mint({ role: 'probation', org: 'N07LDN', sub: 'probation-officer-1' });
    const trees = [path.join(__dirname, '..', '..'), ...process.argv.slice(2).map((t) => path.resolve(t))];
    const variants = await Promise.all(
      trees.map(async (tree) => {
        const { readApi } = (await import(path.join(tree, 'bench/read/stack.ts'))) as {
          readApi: typeof ReadApi;
        };
        // A database no one connects to: the probe reads nothing.
        const { api } = await readApi('postgres://nobody@127.0.0.1:1/none', dir, SNAPSHOT_AT);
        api.get(PROBE, (c) => c.json({ ok: true }));
        return { name: path.basename(tree), fetch: api.fetch };
      }),
    );
    const headers = { Authorization: `Bearer ${token}` };
    const run = async (v: (typeof variants)[number]) => {
      let next = 0;
      const worker = async () => {
        while (next++ < REQUESTS) {
          const res = await v.fetch(new Request(`http://127.0.0.1${PROBE}`, { headers }));
          if (res.status !== 200) throw new Error(`${v.name}: ${res.status} ${await res.text()}`);
          await res.arrayBuffer();
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    };
    console.log(await cpuInTurns(variants, ROUNDS, { count: REQUESTS, name: 'request' }, run));
    console.log(`${ROUNDS} rounds of ${REQUESTS} requests each, the trees in turn, ${IN_FLIGHT} in flight`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

runMain(main);
