import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { runsPreparedStatements } from './prepared';
import type { Database } from './schema';

export interface DbOptions {
  url: string;
  /** The role every connection assumes; its grants are the app's limits (events and the access log are append-only). */
  role?: string | null;
  maxConnections?: number;
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
}

export const APP_ROLE = 'cstr_app';

/** DATE columns stay `YYYY-MM-DD` strings, as the schema types say: pg would make them local-midnight Dates. */
const DATE_OID = 1082;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === DATE_OID && format !== 'binary'
      ? (value: string) => value
      : (pg.types.getTypeParser(oid, format) as (value: string) => unknown)) as typeof pg.types.getTypeParser,
};

/** A Postgres outage surfaces as an error within these limits, never as a hang. */
const DEFAULT_CONNECT_TIMEOUT_MS = 1_500;
const DEFAULT_STATEMENT_TIMEOUT_MS = 1_500;
/** The client gives up a little after the server would have, in case the server itself is frozen. */
const CLIENT_GRACE_MS = 300;

export function createPool(options: DbOptions): pg.Pool {
  const statementTimeout = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  const role = options.role === undefined ? APP_ROLE : options.role;
  const max = options.maxConnections ?? 10;
  const pool = new pg.Pool({
    connectionString: options.url,
    max,
    // A connection once opened is kept, idle or not: a new one pays its start and its first statements' parse,
    // plan and catalog reads, which a burst's requests wait for (the read benchmark's p99 at full scale).
    min: max,
    connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    statement_timeout: statementTimeout,
    query_timeout: statementTimeout + CLIENT_GRACE_MS,
    idle_in_transaction_session_timeout: statementTimeout * 4,
    keepAlive: true,
    types,
    ...(role ? { options: `-c role=${role}` } : {}),
  });
  // An idle client that loses its server emits here; without a listener the process would crash.
  pool.on('error', () => undefined);
  // So does a client in use (mid-query, or between a transaction's statements), after failing its query:
  // the query's caller has the error; the pool drops the client when it comes back (test/faults).
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
    runsPreparedStatements(client);
  });
  return pool;
}

export function createDb(options: DbOptions): Kysely<Database> {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: createPool(options) }) });
}

/** A report's statement may take this long (a period's KPI facts over a national year); reads take 1.5 s. */
const REPORT_STATEMENT_TIMEOUT_MS = 60_000;

/** The pool reports read through: a few connections, with a statement timeout long enough for a report. */
export function reportsDb(url: string): Kysely<Database> {
  return createDb({ url, maxConnections: 2, statementTimeoutMs: REPORT_STATEMENT_TIMEOUT_MS });
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '57014', // query_canceled: the statement timeout (waiting on a lock a slowed connection holds)
  '25P03', // idle_in_transaction_session_timeout: a transaction's next statement came too late
  '53300', // too_many_connections
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
]);

const UNAVAILABLE_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated',
  'Query read timeout',
  'Client has encountered a connection error',
];

/** True when an error means "Postgres cannot be reached or did not answer in time", as opposed to a bad query. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  if (error instanceof AggregateError && error.errors.some(isDatabaseUnavailable)) return true;
  return UNAVAILABLE_MESSAGES.some((m) => error.message.includes(m));
}
