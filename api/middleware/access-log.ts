import { CompiledQuery, type Insertable, type Kysely } from 'kysely';
import type { Context } from 'hono';
import type { Role } from '../../domain/primitives';
import { prepareOnEachConnection } from '../../db/prepared';
import type { Database } from '../../db/schema';
import type { AccessRecord, ApiEnv, Principal } from '../env';

/** Why each role processes the data, unless the caller says (X-Purpose): DPA 2018 s.62 logging. */
const DEFAULT_PURPOSE: Record<Role, string> = {
  'court-assessor': 'pre-sentence assessment',
  court: 'judicial proceedings',
  provider: 'treatment delivery',
  probation: 'supervision of the order',
  enforcement: 'enforcement of the order',
  commissioner: 'commissioning (aggregate figures)',
  'data-protection': 'subject access request',
};

type AccessRow = Insertable<Database['accesses']>;

const COLUMNS =
  'actor_sub, actor_role, actor_org, action, resource_type, resource_ids, order_ids, purpose, request_id, status';

/**
 * One statement for any number of rows: the rows as one JSON parameter, read back as accesses rows. Its text
 * never changes, so nothing is built or compiled per request, and a batch of a thousand rows costs one
 * `JSON.stringify` rather than ten thousand parameters; a prepared statement, parsed and planned once a connection.
 */
const INSERT = `INSERT INTO accesses (${COLUMNS}) SELECT ${COLUMNS} FROM json_populate_recordset(NULL::accesses, $1)`;
prepareOnEachConnection(INSERT);

/** Rows one INSERT carries at most, so that one parameter stays a few megabytes at most. */
const MAX_ROWS_PER_INSERT = 10_000;

interface Waiting {
  rows: AccessRow[];
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * Group commit: the rows of every request waiting while an INSERT is in flight go out together in the next
 * one, so concurrent requests share one statement and one commit (one WAL flush) instead of one each. One
 * INSERT at a time per database handle; each request is told only once the INSERT holding its rows has
 * committed, or failed.
 */
function groupCommit(db: Kysely<Database>) {
  const queue: Waiting[] = [];
  let flushing = false;
  const takeBatch = () => {
    let rows = 0;
    let n = 0;
    while (n < queue.length && (n === 0 || rows + queue[n]!.rows.length <= MAX_ROWS_PER_INSERT))
      rows += queue[n++]!.rows.length;
    return queue.splice(0, n);
  };
  const flush = async () => {
    flushing = true;
    while (queue.length > 0) {
      const batch = takeBatch();
      try {
        await db.executeQuery(CompiledQuery.raw(INSERT, [JSON.stringify(batch.flatMap((w) => w.rows))]));
        for (const w of batch) w.resolve();
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        for (const w of batch) w.reject(failure);
      }
    }
    flushing = false;
  };
  return (rows: AccessRow[]) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ rows, resolve, reject });
      if (!flushing) void flush();
    });
}

const writers = new WeakMap<Kysely<Database>, (rows: AccessRow[]) => Promise<void>>();

/**
 * Writes the access log's rows for what one request read or wrote (why: the caller's purpose, or its role's),
 * one for each action and type of thing, naming every thing of that type once, and resolves once they are
 * committed. Concurrent calls on one database handle share an INSERT and its commit.
 */
export function recordAccess(
  db: Kysely<Database>,
  p: Principal,
  accessed: readonly AccessRecord[],
  request: { purpose?: string | undefined; requestId: string; status: number },
): Promise<void> {
  if (accessed.length === 0) return Promise.resolve();
  const purpose = (request.purpose ?? '').trim().slice(0, 200) || DEFAULT_PURPOSE[p.role];
  let write = writers.get(db);
  if (!write) writers.set(db, (write = groupCommit(db)));
  // A worklist names a requirement once for each of its deadlines: the same request, the same access.
  const seen = new Set<string>();
  const rows = new Map<string, AccessRow & Pick<Database['accesses'], 'resource_ids' | 'order_ids'>>();
  for (const a of accessed) {
    const kind = `${a.action} ${a.resourceType}`;
    if (seen.has(`${kind} ${a.resourceId}`)) continue;
    seen.add(`${kind} ${a.resourceId}`);
    let row = rows.get(kind);
    if (!row)
      rows.set(
        kind,
        (row = {
          actor_sub: p.sub,
          actor_role: p.role,
          actor_org: p.org,
          action: a.action,
          resource_type: a.resourceType,
          resource_ids: [],
          order_ids: [],
          purpose,
          request_id: request.requestId,
          status: request.status,
        }),
      );
    row.resource_ids.push(a.resourceId);
    row.order_ids.push(a.orderId);
  }
  return write([...rows.values()]);
}

/**
 * Records every read and write of an order or requirement that the request made: who, role, organisation,
 * what, when (UTC) and why. The rows are committed before the answer leaves (DPA 2018 s.62: an access that
 * was answered is logged); a request that cannot be logged is answered with an error instead. A crash
 * after the commit and before the answer leaves a row for an answer never received: the log may say more
 * was seen than was, never less.
 */
export function recordAccessOf(db: Kysely<Database>, c: Context<ApiEnv>): Promise<void> {
  return recordAccess(db, c.get('principal'), c.get('accessed'), {
    purpose: c.req.header('X-Purpose'),
    requestId: c.get('requestId'),
    status: c.res.status,
  });
}
