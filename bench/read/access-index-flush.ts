import { parseArgs } from 'node:util';
import { startBenchDatabase } from '../support/postgres';

/**
 * What the access log's GIN index on `order_ids` does to one INSERT's time: single-row INSERTs of a worklist's
 * row (70 things, each its order), each committed (fsync on), into copies of `accesses` as migrated whose index
 * has a given pending list (`gin_pending_list_limit` in kB, or `fastupdate` off), autovacuum off so that every
 * flush of the list falls on an INSERT. The copies take turns, one row each, so that the machine's noise falls on
 * all of them alike. Prints each copy's mean, percentiles, worst, and the INSERTs over 20 ms.
 *
 *   npx tsx bench/read/access-index-flush.ts --rows 8000 --limits 4096,1024,128,off
 */
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '8000' },
    limits: { type: 'string', default: '4096,1024,128,off' },
  },
});
const rows = Number(values.rows);
const limits = values.limits.split(',');

function indexOptions(limit: string): string {
  return limit === 'off' ? 'fastupdate = off' : `gin_pending_list_limit = ${Number(limit)}`;
}

async function main(): Promise<void> {
  const db = await startBenchDatabase('access_index_flush');
  const client = await db.pool.connect();
  try {
    const copies = limits.map((limit, i) => ({ limit, table: `accesses_${i}`, times: [] as number[] }));
    for (const { limit, table } of copies) {
      await client.query(`CREATE TABLE ${table} (LIKE accesses INCLUDING ALL)`);
      await client.query(`ALTER TABLE ${table} SET (autovacuum_enabled = false)`);
      const gin = await client.query<{ indexname: string }>(
        `SELECT indexname FROM pg_indexes WHERE tablename = $1 AND indexdef LIKE '%USING gin%'`,
        [table],
      );
      await client.query(`ALTER INDEX ${gin.rows[0]!.indexname} SET (${indexOptions(limit)})`);
    }
    const orders = Array.from(
      { length: 30_000 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    for (let n = 0; n < rows; n++) {
      const first = (n * 7919) % (orders.length - 70);
      const ids = orders.slice(first, first + 70);
      for (const copy of copies) {
        const started = performance.now();
        await client.query(
          `INSERT INTO ${copy.table} (actor_sub, actor_role, actor_org, action, resource_type, resource_ids, order_ids, purpose)
           VALUES ('bench', 'probation', 'PDU-1', 'READ', 'requirement', $1, $2, 'bench')`,
          [ids, ids],
        );
        copy.times.push(performance.now() - started);
      }
    }
    console.log('| index | INSERTs | mean | p50 | p99 | p99.9 | worst | over 20 ms |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const { limit, times } of copies) {
      const sorted = [...times].sort((a, b) => a - b);
      const at = (q: number) =>
        sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!.toFixed(2);
      const mean = times.reduce((a, b) => a + b, 0) / times.length;
      console.log(
        `| ${indexOptions(limit)} | ${times.length} | ${mean.toFixed(3)} ms | ${at(0.5)} | ${at(0.99)} | ${at(0.999)} | ${sorted.at(-1)!.toFixed(1)} | ${times.filter((t) => t > 20).length} |`,
      );
    }
  } finally {
    client.release();
    await db.stop();
  }
}

void main();
