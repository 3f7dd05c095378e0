import { isDeepStrictEqual } from 'node:util';
import { discloseRequirementView } from '../../api/disclosure/requirement';
import { type FieldClass, SHOWN } from '../../domain/disclosure/classes';
import {
  type StoredRequirementView,
  imposedClassification,
  proposedRequirementClassification,
} from '../../domain/disclosure/requirement';
import type { Role } from '../../domain/primitives';
import { designYearFile } from '../data/year-file';
import { parseArgs } from '../support/args';
import { runMain } from '../support/main';
import { postgresCpu, postgresCpuBetween } from '../support/cpu';
import { settleAfterLoad, startBenchDatabase } from '../support/postgres';
import { loadOpenYear } from './data';

// What a requirement's view costs the order read, three ways, per requirement of the loaded open year:
//   1. today: Postgres writes the jsonb view as text, Node parses it, discloses it and stringifies it;
//   2. disclosed in SQL by jsonb operators generated from the TypeScript classification (below), its text
//      spliced into the answer unparsed;
//   3. a disclosed text kept beside the view (as a write would keep it), spliced unparsed.
// It checks first that (2) equals the TypeScript disclosure for every requirement and every role.
//   flock /tmp/bench.lock npx tsx bench/read/disclosure-cost.ts --scale 0.01
// ROUNDS (3) rounds, each statement run RUNS (5) times over every requirement, in turn.

type Spec = FieldClass | readonly [Spec] | { readonly [key: string]: Spec };

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const RUNS = Number(process.env.RUNS ?? 5);
const ROLES = (Object.keys(SHOWN) as Role[]).filter((r) => SHOWN[r].size > 0);

const isItems = (spec: Spec): spec is readonly [Spec] => Array.isArray(spec);
const anyShown = (spec: Spec, shown: ReadonlySet<FieldClass>): boolean =>
  typeof spec === 'string'
    ? shown.has(spec)
    : isItems(spec)
      ? anyShown(spec[0], shown)
      : Object.values(spec).some((s) => anyShown(s, shown));
const literal = (s: string) => `'${s.replaceAll("'", "''")}'`;
const keys = (ks: readonly string[]) => `ARRAY[${ks.map(literal).join(', ')}]::text[]`;

/**
 * The jsonb expression that discloses `x` as `disclose` does for these classes, or null where it withholds
 * the whole: null stays null; an object keeps its classified fields (an unclassified one is dropped, found
 * with a cheap key subtraction before the costly rebuild); an array keeps its disclosed items.
 */
function disclosedSql(spec: Spec, shown: ReadonlySet<FieldClass>, x: string, depth = 0): string | null {
  if (typeof spec === 'string') return shown.has(spec) ? x : null;
  if (!anyShown(spec, shown)) return null;
  if (isItems(spec)) {
    const e = `e${depth}`;
    const item = disclosedSql(spec[0], shown, `${e}.v`, depth + 1)!;
    const items =
      item === `${e}.v`
        ? x
        : `(SELECT coalesce(jsonb_agg(${e}.d ORDER BY ${e}.o), '[]'::jsonb) FROM (SELECT ${item} AS d, ${e}.o FROM jsonb_array_elements(${x}) WITH ORDINALITY AS ${e}(v, o)) AS ${e} WHERE ${e}.d IS NOT NULL)`;
    return `CASE jsonb_typeof(${x}) WHEN 'null' THEN ${x} WHEN 'array' THEN ${items} END`;
  }
  const fields = Object.entries(spec)
    .map(([k, s]) => [k, disclosedSql(s, shown, `(${x})->${literal(k)}`, depth + 1)] as const)
    .filter((f): f is readonly [string, string] => f[1] !== null);
  const kept = fields.map(([k]) => k);
  const withheld = Object.keys(spec).filter((k) => !kept.includes(k));
  const f = `f${depth}`;
  const onlyKept = `(SELECT coalesce(jsonb_object_agg(${f}.k, ${f}.v), '{}'::jsonb) FROM jsonb_each(${x}) AS ${f}(k, v) WHERE ${f}.k = ANY(${keys(kept)}))`;
  let out = `CASE WHEN ((${x}) - ${keys(Object.keys(spec))}) = '{}'::jsonb THEN ${withheld.length > 0 ? `(${x}) - ${keys(withheld)}` : x} ELSE ${onlyKept} END`;
  for (const [k, field] of fields)
    if (field !== `(${x})->${literal(k)}`)
      out = `jsonb_set_lax(${out}, ${keys([k])}, ${field}, false, 'delete_key')`;
  return `CASE jsonb_typeof(${x}) WHEN 'null' THEN ${x} WHEN 'object' THEN ${out} END`;
}

/** A requirement's view disclosed in SQL, as `discloseRequirementView` picks its classification. */
function requirementSql(role: Role, view: string): string {
  const shown = SHOWN[role];
  const of = (spec: Spec) => disclosedSql(spec, shown, view) ?? 'NULL';
  return `coalesce(CASE WHEN (${view}) ? 'requestedAt' THEN ${of(proposedRequirementClassification)} ELSE ${of(imposedClassification)} END, '{}'::jsonb)`;
}

const cpuOf = (f: () => void) => {
  const before = process.cpuUsage();
  f();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const { scale } = parseArgs(process.argv.slice(2));
  const db = await startBenchDatabase('disclosure_cost');
  try {
    await loadOpenYear(db.url, await designYearFile({ scale }), (m) => console.error(m));
    const rows = (
      await db.pool.query<{ id: string; view: StoredRequirementView; text: string }>(
        'SELECT id, view, view::text AS text FROM requirements ORDER BY id',
      )
    ).rows;
    // (3): each role's disclosed text kept beside the view, as a write would keep it.
    await db.pool.query(
      'CREATE TABLE disclosed_texts (id uuid, role text, text text NOT NULL, PRIMARY KEY (id, role))',
    );
    for (const role of ROLES)
      await db.pool.query(
        'INSERT INTO disclosed_texts SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[])',
        [
          rows.map((r) => r.id),
          rows.map(() => role),
          rows.map((r) => JSON.stringify(discloseRequirementView(role, r.view))),
        ],
      );
    await settleAfterLoad(db.pool);

    let mismatches = 0;
    for (const role of ROLES) {
      const disclosed = await db.pool.query<{ id: string; d: unknown }>(
        `SELECT id, ${requirementSql(role, 'view')} AS d FROM requirements ORDER BY id`,
      );
      disclosed.rows.forEach((r, k) => {
        if (!isDeepStrictEqual(r.d, discloseRequirementView(role, rows[k]!.view))) mismatches++;
      });
    }
    console.error(
      `SQL disclosure against TypeScript: ${mismatches} mismatches, ${rows.length} views × ${ROLES.length} roles`,
    );
    if (mismatches > 0) throw new Error('the SQL disclosure differs from the TypeScript one');

    const statements: Record<string, string> = {
      'the statement alone (no view)': 'SELECT version::text FROM requirements WHERE id = $1',
      'today: the view as jsonb text': 'SELECT view::text FROM requirements WHERE id = $1',
      'disclosed in SQL, probation': `SELECT (${requirementSql('probation', 'view')})::text FROM requirements WHERE id = $1`,
      'disclosed in SQL, court': `SELECT (${requirementSql('court', 'view')})::text FROM requirements WHERE id = $1`,
      'a kept disclosed text, probation': `SELECT t.text FROM requirements r JOIN disclosed_texts t ON t.id = r.id AND t.role = 'probation' WHERE r.id = $1`,
    };
    const postgres = new Map(Object.keys(statements).map((name) => [name, [] as number[]]));
    const client = await db.pool.connect();
    try {
      for (let round = 0; round < ROUNDS; round++)
        for (const [k, [name, text]] of Object.entries(statements).entries()) {
          const before = postgresCpu(db.dataDir);
          for (let run = 0; run < RUNS; run++)
            for (const r of rows) await client.query({ name: `cost_${k}`, text, values: [r.id] });
          postgres
            .get(name)!
            .push((postgresCpuBetween(before, postgresCpu(db.dataDir)) * 1000) / (RUNS * rows.length));
        }
    } finally {
      client.release();
    }

    // Node: what the order read does with a view today, what the splice does instead, and what keeping each
    // role's text would cost a write (every role's disclosure and its text).
    const texts = new Map(
      ROLES.map((role) => [role, rows.map((r) => JSON.stringify(discloseRequirementView(role, r.view)))]),
    );
    const node: Record<string, number[]> = { today: [], splice: [], write: [] };
    for (let round = 0; round < ROUNDS * 3; round++) {
      let sink = 0;
      node.today!.push(
        (cpuOf(() => {
          for (const r of rows)
            sink += JSON.stringify(
              discloseRequirementView('probation', JSON.parse(r.text) as StoredRequirementView),
            ).length;
        }) *
          1000) /
          rows.length,
      );
      const kept = texts.get('probation')!;
      node.splice!.push(
        (cpuOf(() => {
          for (const t of kept) sink += `{"id":"x","detail":${t}}`.length;
        }) *
          1000) /
          rows.length,
      );
      node.write!.push(
        (cpuOf(() => {
          for (const r of rows)
            for (const role of ROLES) sink += JSON.stringify(discloseRequirementView(role, r.view)).length;
        }) *
          1000) /
          rows.length,
      );
      if (sink < 0) console.log(sink);
    }
    const sizes = (
      await db.pool.query<{ view: string; text: string; stored_view: string; stored_text: string }>(
        `SELECT round(avg(length(r.view::text))) AS view, round(avg(length(t.text))) AS text,
           round(avg(pg_column_size(r.view))) AS stored_view, round(avg(pg_column_size(t.text))) AS stored_text
         FROM requirements r JOIN disclosed_texts t ON t.id = r.id AND t.role = 'probation'`,
      )
    ).rows[0]!;
    console.log('| Postgres, a requirement | µs of CPU: median; each round |');
    console.log('| --- | --- |');
    for (const [name, xs] of postgres)
      console.log(`| ${name} | ${median(xs).toFixed(0)}; ${xs.map((x) => x.toFixed(0)).join(', ')} |`);
    console.log('');
    console.log('| Node, a requirement | µs of CPU: median; each round |');
    console.log('| --- | --- |');
    const label: Record<string, string> = {
      today: 'today: parse, disclose (probation), stringify',
      splice: 'the kept text spliced',
      write: `a write keeping every role's text (${ROLES.length} roles)`,
    };
    for (const [name, xs] of Object.entries(node))
      console.log(`| ${label[name]} | ${median(xs).toFixed(0)}; ${xs.map((x) => x.toFixed(0)).join(', ')} |`);
    console.log(
      `\n${rows.length} requirements, scale ${scale}: a view ${sizes.view} characters as jsonb text (${sizes.stored_view} B stored), probation's disclosed text ${sizes.text} (${sizes.stored_text} B stored)`,
    );
  } finally {
    await db.stop();
  }
}

runMain(main);
