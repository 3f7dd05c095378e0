import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandRoutes } from '../../api/commands/catalogue';
import { addDays } from '../../domain/calendar';
import { openCaseBody, sessionBooking } from '../../app/case-fixtures';
import { useTestDatabase } from '../support/database';
import { type ApiHarness, startApiHarness } from './harness';
import { referred, sentencedCase } from './support/cases';
import {
  type FuzzRoute,
  type OpenApiDocument,
  SCRIPT_FRAGMENTS,
  type TokenPool,
  type ValueSources,
  bodyText,
  fromParts,
  headerParts,
  pathParam,
  queryString,
  routesOf,
} from './support/fuzz';
import { type Actor, type Json, Journey, actors } from './support/journey';
import { tokenForge, unsignedToken } from './support/tokens';

// Every route of the OpenAPI document, fuzzed: whatever arrives, the API answers below 500, a refusal
// changes nothing, and nothing sent comes back where a browser would run it. FUZZ_RUNS runs more per route,
// FUZZ_SEED replays a failure's seed.

const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const SEED = process.env.FUZZ_SEED === undefined ? Date.now() % 2 ** 31 : Number(process.env.FUZZ_SEED);

const t = useTestDatabase();
let h: ApiHarness;
let doc: OpenApiDocument;
let sources: ValueSources;
/** The fixture case's ids by path parameter ('*' for any other), and ids of a case of other parties. */
let ids: { ours: Record<string, string[]>; theirs: string[] };
let tokens: { anyone: string[]; invalid: string[]; byRole: Map<string, string[]> };
const usedKeys: string[] = [];
/** Cases run per route (`METHOD path`), and how each was answered. */
const cases = new Map<string, Map<number, number>>();

/** Parties outside the fixture case: their ids and tokens are other parties' to it. */
const strangers: Actor[] = [
  { sub: 'clerk-9', role: 'court', org: 'C99ZZ00' },
  { sub: 'assessor-9', role: 'court-assessor', org: 'C99ZZ00' },
  { sub: 'officer-9', role: 'probation', org: 'N99XXX' },
  { sub: 'eo-9', role: 'enforcement', org: 'N99XXX' },
  actors.otherProvider,
];

beforeAll(async () => {
  h = await startApiHarness(t);
  const j = new Journey(h);
  doc = (await (await h.api.request('/openapi.json')).json()) as OpenApiDocument;

  // One DRR case taken far enough that every kind of path id exists: order, requirement, appointment, test.
  const sentenced = await sentencedCase(j, {
    months: 12,
    requirements: [{ type: 'DRR', months: 12, reviewed: true }],
  });
  const requirementId = sentenced.ids[0]!;
  await referred(j, requirementId, 'DRR');
  const r = `/v1/requirements/${requirementId}`;
  const tomorrow = addDays(sentenced.sentenceDate, 1);
  const booked: Json = await j.post(
    actors.provider,
    `${r}/appointments`,
    sessionBooking(`${tomorrow}T10:00:00.000Z`),
  );
  const test: Json = await j.post(actors.provider, `${r}/drug-tests`, {
    dueAt: `${tomorrow}T12:00:00.000Z`,
    directedBy: 'TREATMENT_DIRECTOR',
  });
  // A case of other parties', so that ids the caller may not see are at hand too.
  const theirs: Json = await j.post(strangers[1]!, '/v1/orders', {
    ...openCaseBody(sentenced.sentenceDate, ['ATR']),
    court: { code: strangers[0]!.org, type: 'MAGISTRATES' },
    probationDeliveryUnit: strangers[2]!.org,
  });
  const ours = [sentenced.orderId, requirementId, booked.id as string, test.id as string];
  ids = {
    ours: {
      orderId: [sentenced.orderId],
      requirementId: [requirementId],
      appointmentId: [booked.id as string],
      testId: [test.id as string],
      '*': ours,
    },
    theirs: [theirs.orderId as string],
  };

  const near = (days: number) => addDays(sentenced.sentenceDate, days);
  sources = {
    date: fc.integer({ min: -400, max: 400 }).map(near),
    dateTime: fc
      .tuple(fc.integer({ min: -30, max: 60 }), fc.integer({ min: 0, max: 23 }))
      .map(([d, hour]) => `${near(d)}T${String(hour).padStart(2, '0')}:00:00.000Z`),
    uuid: fc.oneof(fc.constantFrom(...ours), fc.uuid()),
  };

  const inCase = Object.values(actors).filter((a) => a !== actors.otherProvider);
  const parties: Actor[] = [...inCase, ...strangers];
  const minted = await Promise.all(parties.map((a) => h.token(a.role, a.org, a.sub)));
  const byRole = new Map<string, string[]>();
  inCase.forEach((a, i) => byRole.set(a.role, [...(byRole.get(a.role) ?? []), minted[i]!]));
  const forge = await tokenForge(h.dataDir);
  const now = Math.floor(Date.now() / 1000);
  tokens = {
    anyone: minted,
    byRole,
    invalid: [
      unsignedToken({ role: 'court', org: actors.court.org }),
      await forge({ expiresAt: now - 60 }),
      await forge({ audience: 'someone-else' }),
      await forge({ claims: { role: 'admin', org: actors.court.org } }),
      await forge({ claims: { role: 'court', org: SCRIPT_FRAGMENTS[0] } }),
      await forge({ claims: { role: ['court'], org: { code: 1 } } }),
      `${minted[0]!.slice(0, -4)}AAAA`,
    ],
  };
});
afterAll(async () => {
  await h?.close();
});

/** The tables a refusal must leave alone: all but the access and security logs, which record refusals. */
async function stateTables(): Promise<string[]> {
  const rows = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
      AND table_name NOT IN ('access_log', 'accesses', 'security_log') AND table_name NOT LIKE 'kysely_migration%'
    ORDER BY table_name`.execute(t.ownerDb);
  return rows.rows.map((r) => r.name);
}

/**
 * A mark of each state table that any write changes: its row count and the newest row version's transaction
 * (an insert or update writes a row version of a newer transaction, a delete lowers the count), cheaper than
 * a digest of the rows and stricter, as a write of the same values shows too. A 409 or 422 keeps its answer
 * for a retry under its Idempotency-Key: that one row is left out of `idempotency_keys`, and shown on its own
 * as `own key`.
 */
async function snapshot(tables: readonly string[], ownKey: string): Promise<Record<string, string>> {
  const parts = tables.map((name) => {
    const table = sql.table(name);
    const except = name === 'idempotency_keys' ? sql`WHERE x.key <> ${ownKey}` : sql``;
    return sql`SELECT ${name} AS name, count(*) || ' ' || coalesce(max(x.xmin::text::bigint), 0) AS digest
               FROM ${table} x ${except}`;
  });
  parts.push(sql`SELECT 'own key', coalesce(string_agg(state || ' ' || coalesce(response_status::text, ''), ','), '')
                 FROM idempotency_keys WHERE key = ${ownKey}`);
  const rows = await sql<{ name: string; digest: string }>`${sql.join(parts, sql` UNION ALL `)}`.execute(
    t.ownerDb,
  );
  return Object.fromEntries(rows.rows.map((r) => [r.name, r.digest]));
}

/** Waits until what a 2xx set going (signals between workflows, their projections) has landed. */
async function settled(tables: readonly string[]): Promise<void> {
  let last = JSON.stringify(await snapshot(tables, ''));
  for (let quiet = 0; quiet < 3;) {
    await new Promise((resolve) => setTimeout(resolve, 40));
    const now = JSON.stringify(await snapshot(tables, ''));
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
}

interface Sent {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
}

function requestFor(route: FuzzRoute, pool: TokenPool): fc.Arbitrary<Sent> {
  const params = route.pathParams.map((name) => pathParam(ids.ours[name] ?? ids.ours['*']!, ids.theirs));
  const absent = fc.constant(undefined);
  return fromParts({
    params: {
      good: fc.tuple(...params.map((p) => p.good)),
      bad: fc.tuple(...params.map((p) => fc.oneof(p.good, p.bad))),
    },
    query: queryString(route.query, doc, sources),
    body: route.body ? bodyText(route.body, doc, sources) : { good: absent, bad: absent },
    ...headerParts(route.method, pool, usedKeys),
  }).map(({ params: values, query, body, authorization, contentType, idempotencyKey, extra }): Sent => {
    let i = 0;
    const path = route.path.replace(/\{\w+\}/g, () => values[i++]!);
    const headers: Record<string, string> = { ...extra };
    if (authorization !== undefined) headers.Authorization = authorization;
    if (contentType !== undefined) headers['Content-Type'] = contentType;
    if (idempotencyKey !== undefined) headers['Idempotency-Key'] = idempotencyKey;
    return { url: `${path}${query}`, method: route.method, headers, ...(body === undefined ? {} : { body }) };
  });
}

/** The field names of a JSON body, at every depth. */
function fieldNames(body: string | undefined): string[] {
  const names: string[] = [];
  const walk = (v: unknown): void => {
    if (v === null || typeof v !== 'object') return;
    if (!Array.isArray(v)) names.push(...Object.keys(v));
    Object.values(v).forEach(walk);
  };
  try {
    walk(JSON.parse(body ?? ''));
  } catch {
    // Not JSON, or too deep to walk: it names no field a problem could name.
  }
  return names;
}

/** Every string of the request that a browser would run, were it handed back as a page. */
const scriptIn = (text: string) => SCRIPT_FRAGMENTS.filter((f) => text.includes(f));

async function check(route: FuzzRoute, tables: readonly string[], req: Sent): Promise<void> {
  const key = (req.headers['Idempotency-Key'] ?? '').trim();
  const before = await snapshot(tables, key);
  const res = await h.api.request(req.url, {
    method: req.method,
    headers: req.headers,
    ...(req.body === undefined ? {} : { body: req.body }),
  });
  const text = await res.text();
  const routeName = `${route.method} ${route.path}`;
  const seen = cases.get(routeName) ?? new Map<number, number>();
  seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
  cases.set(routeName, seen);
  if (key) usedKeys.push(key);

  expect(res.status, text).toBeLessThan(500);
  // Only JSON comes back, marked so that no browser sniffs it into a page.
  const type = res.headers.get('Content-Type') ?? '';
  expect(type, text).toMatch(/^application\/(problem\+)?json(;|$)/);
  expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
  for (const [name, value] of res.headers) expect(scriptIn(value), name).toEqual([]);

  if (res.status >= 400) {
    expect(type).toBe('application/problem+json');
    const problem = JSON.parse(text) as {
      type: string;
      title: string;
      status: number;
      detail?: string;
      instance?: string;
      errors?: { pointer: string; detail: string }[];
    };
    expect(problem).toMatchObject({ type: expect.stringMatching(/^https:\/\//), status: res.status });
    // A problem may name a field (an unknown one by its name), but no value sent comes back in it.
    const names = fieldNames(req.body);
    const said = [problem.title, problem.detail ?? '', ...(problem.errors ?? []).map((e) => e.detail)];
    for (const words of said) {
      const unnamed = names.reduce((w, name) => (name ? w.replaceAll(name, '') : w), words);
      expect(scriptIn(unnamed), words).toEqual([]);
    }
    // `instance` is a URI reference: the path as sent, still percent-encoded.
    if (problem.instance !== undefined) expect(problem.instance).toMatch(/^[\w\-.~%!$&'()*+,;=:@/]*$/);

    const { 'own key': own, ...after } = await snapshot(tables, key);
    const { 'own key': ownBefore, ...rest } = before;
    expect(after, `${res.status} changed state: ${text}`).toEqual(rest);
    // A domain refusal may be kept for a retry under its key (one row more); nothing else is.
    const rows = (list: string) => list.split(',').filter(Boolean).sort();
    const kept = rows(own!);
    const allowed = [rows(ownBefore!)];
    if (res.status === 409 || res.status === 422) allowed.push(rows(`${ownBefore},DONE ${res.status}`));
    expect(allowed, `${res.status} ${text}`).toContainEqual(kept);
  } else if (req.method === 'GET') {
    expect(await snapshot(tables, key), 'a read changed state').toEqual(before);
  } else {
    await settled(tables);
  }
}

/** The case's parties whose role may call the route, where the catalogue says; else every party to it. */
const entitledFor = (route: FuzzRoute): string[] => {
  const roles = commandRoutes.find((c) => c.operationId === route.operationId)?.roles;
  return roles ? roles.flatMap((role) => tokens.byRole.get(role) ?? []) : [...tokens.byRole.values()].flat();
};

describe('fuzzing every route of the OpenAPI document', () => {
  it(`answers every request below 500, changes nothing on a refusal and echoes nothing (${RUNS} runs a route, seed ${SEED})`, async () => {
    const tables = await stateTables();
    expect(tables).toEqual(expect.arrayContaining(['events', 'idempotency_keys', 'orders', 'requirements']));
    const failures: string[] = [];
    for (const [n, route] of routesOf(doc).entries()) {
      const pool = { entitled: entitledFor(route), anyone: tokens.anyone, invalid: tokens.invalid };
      const details = await fc.check(
        fc.asyncProperty(requestFor(route, pool), (req) => check(route, tables, req)),
        { numRuns: RUNS, seed: SEED + n, endOnFailure: true },
      );
      if (details.failed) {
        const error = details.errorInstance instanceof Error ? details.errorInstance.message : '';
        failures.push(`${route.method} ${route.path}: ${error}\n${fc.defaultReportMessage(details)}`);
      }
    }
    const table = [...cases].map(
      ([route, statuses]) =>
        `${[...statuses.values()].reduce((a, b) => a + b, 0)}\t${route}\t${[...statuses]
          .sort(([a], [b]) => a - b)
          .map(([s, n]) => `${s}×${n}`)
          .join(' ')}`,
    );
    console.log(`fuzz cases per route (seed ${SEED}):\n${table.join('\n')}`);
    expect(failures).toEqual([]);
  }, 600_000);

  it('has fuzzed exactly the document’s routes, each at least FUZZ_RUNS times', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect([...cases.keys()].sort()).toEqual(documented.sort());
    for (const [route, statuses] of cases) {
      expect(
        [...statuses.values()].reduce((a, b) => a + b, 0),
        route,
      ).toBeGreaterThanOrEqual(RUNS);
    }
  });
});
