import { Kysely, PostgresDialect } from 'kysely';
import type { Principal } from '../../api/env';
import { recordAccess } from '../../api/middleware/access-log';
import { listDeadlinesNamed } from '../../api/reads/queries/deadlines';
import { readOrder } from '../../api/reads/queries/orders';
import { readOf } from '../../api/reads/queries/read';
import { createPool } from '../../db/pool';
import type { Database } from '../../db/schema';
import { WORKLIST_PAGE_SIZE } from '../../web/presenters/worklist';
import { timelinePage } from '../../web/pages/timeline';
import { resumeSession, startSession } from '../../web/session/store';
import { SNAPSHOT_AT } from '../data/snapshot';
import { percentile } from '../load/job';
import { readTargets } from '../read/data';
import { parseArgs } from '../support/args';
import { keptOpenYear } from '../read/kept-year';

/**
 * The statements the worklist and the case page run, over the pages benchmark's data kept in a Postgres data
 * directory (`keptOpenYear`: loaded the first time, about 5 minutes at scale 1, then reused):
 * each statement's plan (`EXPLAIN (ANALYZE, BUFFERS)`, with the parameters a page gives it) and its time, one
 * page at a time, as the client sees it and in the server (planning and execution). No load, no HTTP: for
 * finding which statement costs what.
 *
 *   npx tsx bench/pages/statements.ts --scale 1    # ROUNDS=200 by default; EXPLAIN=0 leaves the plans out
 */
const ROUNDS = Number(process.env.ROUNDS ?? 200);
interface Timed {
  sql: string;
  parameters: readonly unknown[];
  ms: number;
}

async function main(): Promise<void> {
  const { scale } = parseArgs(process.argv.slice(2));
  const kept = await keptOpenYear('pages', scale, (m) => console.error(m));
  // As the pages' app connects: the app's role, its statement timeout.
  const statements: Timed[] = [];
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: createPool({ url: kept.url }) }),
    log: (e) => {
      if (e.level === 'query')
        statements.push({ sql: e.query.sql, parameters: e.query.parameters, ms: e.queryDurationMillis });
    },
  });
  try {
    const targets = await readTargets(kept.pool);
    const now = new Date(SNAPSHOT_AT);
    const officer = { sub: 'probation-officer-1', role: 'probation', org: targets.pdu } as const;
    const p: Principal = { ...officer, clientId: `${targets.pdu}/${officer.sub}` };
    const { sessionId } = await startSession(db, officer, 3_600_000);
    const counts = await kept.pool.query<{ n: string; overdue: string }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE due_at < $3) AS overdue FROM deadlines WHERE role = $1 AND org = $2`,
      [p.role, p.org, now],
    );
    console.log(
      `${targets.pdu}: ${targets.orderIds.length} orders, ${counts.rows[0]!.n} deadlines for ${p.role} (${counts.rows[0]!.overdue} overdue)`,
    );
    const pages = {
      session: () => resumeSession(db, sessionId, 3_600_000),
      worklist: () => listDeadlinesNamed(db, p, { limit: WORKLIST_PAGE_SIZE, offset: 0 }, now),
      order: (k: number) => readOrder(db, p, targets.orderIds[k % targets.orderIds.length]!, now),
      timeline: (k: number) => timelinePage(db, p, targets.orderIds[k % targets.orderIds.length]!, undefined),
      'access log': (k: number) =>
        recordAccess(db, p, [readOf('order', targets.orderIds[0]!, targets.orderIds[0]!)], {
          requestId: `statements-${k}`,
          status: 200,
        }),
    };
    for (const [name, run] of Object.entries(pages)) {
      for (let k = 0; k < 20; k++) await run(k); // warm: plans cached, pages in shared buffers
      statements.length = 0;
      for (let k = 0; k < ROUNDS; k++) await run(k);
      const ms = statements.map((s) => s.ms).sort((a, b) => a - b);
      const line = (xs: number[]) =>
        `p50 ${percentile(xs, 50).toFixed(2)} p90 ${percentile(xs, 90).toFixed(2)} p99 ${percentile(xs, 99).toFixed(2)} max ${xs.at(-1)!.toFixed(2)} ms`;
      // The server's own time (planning and execution) for the same statements, less moved by a busy machine.
      const server: number[] = [];
      if (name !== 'access log')
        for (const s of statements) {
          const explained = await kept.pool.query<{ 'QUERY PLAN': [Record<string, number>] }>(
            `EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ${s.sql}`,
            s.parameters as unknown[],
          );
          const plan = explained.rows[0]!['QUERY PLAN'][0];
          server.push(plan['Planning Time']! + plan['Execution Time']!);
        }
      server.sort((a, b) => a - b);
      console.log(
        `${name}: ${ms.length} statements; as the client saw them ${line(ms)}${server.length ? `; planning and execution in the server ${line(server)}` : ''}`,
      );
      if (process.env.EXPLAIN !== '0' && name !== 'access log') {
        const s = statements[0]!;
        const plan = await kept.pool.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN (ANALYZE, BUFFERS) ${s.sql}`,
          s.parameters as unknown[],
        );
        console.log(`  ${s.sql}\n  ${JSON.stringify(s.parameters)}`);
        for (const r of plan.rows) console.log(`    ${r['QUERY PLAN']}`);
      }
    }
  } finally {
    await db.destroy();
    await kept.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
