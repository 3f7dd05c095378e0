import { randomUUID } from 'node:crypto';
import fc from 'fast-check';

// Requests made from the OpenAPI document: valid, near-valid and hostile bodies, queries, path ids and headers.

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: JsonSchema;
}

interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export interface FuzzRoute {
  method: 'GET' | 'POST';
  path: string;
  operationId: string;
  pathParams: string[];
  query: Parameter[];
  body?: JsonSchema;
}

/** Every operation of the document: its method, path template, parameters and JSON body schema. */
export function routesOf(doc: OpenApiDocument): FuzzRoute[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase() as 'GET' | 'POST',
      path,
      operationId: op.operationId,
      pathParams: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
      query: (op.parameters ?? []).filter((p) => p.in === 'query'),
      ...(op.requestBody ? { body: op.requestBody.content['application/json']?.schema } : {}),
    })),
  );
}

/** Script fragments: the API must never hand one back where a browser would run it. */
export const SCRIPT_FRAGMENTS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "javascript:alert('x')",
  '<svg/onload=alert(1)>',
] as const;

/** Text no field expects: SQL, script, template and path fragments, NUL, lone surrogates, unicode tricks. */
export const HOSTILE_TEXT = [
  ...SCRIPT_FRAGMENTS,
  "'; DROP TABLE events; --",
  "' OR '1'='1",
  "Robert'); DELETE FROM orders WHERE ('1'='1",
  '%; SELECT pg_sleep(10); --',
  '\u0000',
  'nul\u0000inside',
  '\ud800',
  'lone \udfff low',
  'Zoë Ñandú 東京 😀 \u202Ertl\u202C ﷽ \u200B',
  '../../../etc/passwd',
  '%00%2e%2e%2f',
  '${jndi:ldap://x/a}',
  '{{7*7}} #{7*7} <%= 7*7 %>',
  '__proto__',
  'constructor',
  '1e309',
  'NaN',
  '-0',
  ' ',
  '',
  '\\',
  '"',
  '\r\n\t',
] as const;

/** Bounds on what one request carries, under the body limit unless a request means to exceed it. */
const LIMITS = { string: 50, array: 4 } as const;

export interface ValueSources {
  /** Dates (`YYYY-MM-DD`) near the engine's today, where rules are likely to accept them. */
  date: fc.Arbitrary<string>;
  dateTime: fc.Arbitrary<string>;
  /** Ids the database holds (any party's) or new ones. */
  uuid: fc.Arbitrary<string>;
}

const hostileText = fc.constantFrom(...HOSTILE_TEXT);
const words = fc.constantFrom('Sam', 'Example', 'DRR', 'PROV-DRUGS', 'B01LY00', 'N07LDN', 'notes', 'x');

/** A value the schema accepts (as far as JSON Schema says; the domain's rules may still refuse it). */
export function validValue(
  schema: JsonSchema,
  doc: OpenApiDocument,
  sources: ValueSources,
): fc.Arbitrary<unknown> {
  const valid = (s: JsonSchema) => validValue(s, doc, sources);
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    return valid(doc.components?.schemas?.[name] ?? {});
  }
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map(valid));
  if (schema.allOf) {
    return fc
      .tuple(...schema.allOf.map(valid))
      .map((parts) => Object.assign({}, ...parts.filter((p) => p && typeof p === 'object')) as unknown);
  }
  if (Array.isArray(schema.type)) return fc.oneof(...schema.type.map((type) => valid({ ...schema, type })));
  switch (schema.type) {
    case 'string':
      return validString(schema, sources);
    case 'integer':
    case 'number':
      return validNumber(schema);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(valid(schema.items ?? {}), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? LIMITS.array, LIMITS.array)),
      });
    case 'object': {
      const properties = schema.properties ?? {};
      return fc.record(Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, valid(s)])), {
        requiredKeys: (schema.required ?? []).filter((k) => k in properties),
      });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Dates the format allows but no case is likely to hold: the calendar's ends, leap days, offsets. */
const EDGE_DATES = ['0001-01-01', '1900-02-28', '2000-02-29', '2028-02-29', '2100-12-31', '9999-12-31'];
const EDGE_INSTANTS = [
  '0001-01-01T00:00:00.000Z',
  '9999-12-31T23:59:59.999Z',
  '2026-12-06T10:00:00+14:00',
  '2026-12-06T10:00:00.123456789Z',
  '1970-01-01T00:00:00Z',
];

function validString(schema: JsonSchema, sources: ValueSources): fc.Arbitrary<string> {
  const edge = (common: fc.Arbitrary<string>, rare: string[]) =>
    fc.oneof({ weight: 9, arbitrary: common }, { weight: 1, arbitrary: fc.constantFrom(...rare) });
  if (schema.format === 'date') return edge(sources.date, EDGE_DATES);
  if (schema.format === 'date-time') return edge(sources.dateTime, EDGE_INSTANTS);
  if (schema.format === 'uuid') return sources.uuid;
  const min = schema.minLength ?? 0;
  const longest = schema.maxLength ?? 10_000;
  const max = Math.max(min, Math.min(longest, LIMITS.string));
  const fit = (s: string) => s.slice(0, max).padEnd(min, 'x');
  const short = fc.oneof(words, fc.string({ maxLength: max }), fc.string({ unit: 'grapheme', maxLength: 8 }));
  return fc.oneof(
    { weight: 9, arbitrary: short.map(fit) },
    // As long as allowed, in characters Postgres stores in more than one byte.
    { weight: 1, arbitrary: fc.constantFrom('x', 'é', '東').map((c) => c.repeat(longest)) },
  );
}

/** A number within the schema's bounds: near its lower bound mostly, at its extremes sometimes. */
function validNumber(schema: JsonSchema): fc.Arbitrary<number> {
  const integer = schema.type === 'integer';
  const low = schema.minimum ?? schema.exclusiveMinimum ?? -1e6;
  const high = schema.maximum ?? schema.exclusiveMaximum ?? 1e15;
  const within = (n: number) =>
    n >= low &&
    n <= high &&
    n !== schema.exclusiveMinimum &&
    n !== schema.exclusiveMaximum &&
    (!integer || Number.isInteger(n));
  const near = fc.integer({ min: Math.ceil(low), max: Math.min(Math.floor(high), Math.ceil(low) + 60) });
  const extremes = fc.constantFrom(
    low,
    high,
    low + 1,
    high - 1,
    0.5,
    1e4,
    1e6,
    Number.MAX_SAFE_INTEGER,
    1e300,
  );
  const fractions = fc.double({ min: low, max: Math.min(high, 1e6), noNaN: true });
  return fc
    .oneof(
      { weight: 8, arbitrary: near },
      { weight: 1, arbitrary: integer ? near : fractions },
      { weight: 1, arbitrary: extremes },
    )
    .filter(within);
}

/** A value of another JSON type, or an extreme of the same one. */
const wrongValue = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -1e308, 2 ** 64, Number.MIN_VALUE, [], {}, ''),
  hostileText,
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.integer({ min: 1000, max: 20_000 }).map((n) => 'A'.repeat(n)),
  fc.integer({ min: 10, max: 200 }).map((depth) => nested(depth)),
);

/** A value as query text: a string as it is, anything else as JSON (`String` throws on `{"toString": 1}`). */
const asText = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** `depth` arrays, each holding the next. */
function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i += 1) value = [value];
  return value;
}

type Mutation =
  | { kind: 'drop' | 'wrong'; at: number; value: unknown }
  | { kind: 'extra'; at: number; key: string; value: unknown };

/** Every object or array inside a JSON value, the value itself first. */
function containers(value: unknown, into: object[] = []): object[] {
  if (value !== null && typeof value === 'object') {
    into.push(value);
    for (const v of Object.values(value)) containers(v, into);
  }
  return into;
}

function mutate(value: unknown, m: Mutation): unknown {
  const copy = structuredClone(value);
  const inside = containers(copy);
  if (inside.length === 0) return m.value;
  const target = inside[m.at % inside.length] as Record<string, unknown>;
  const keys = Object.keys(target);
  if (m.kind === 'extra') {
    Object.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true });
  } else if (keys.length > 0) {
    const key = keys[m.at % keys.length]!;
    if (m.kind === 'drop' && !Array.isArray(target)) delete target[key];
    else target[key] = m.value;
  }
  return copy;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('drop' as const, 'wrong' as const), at: fc.nat(), value: wrongValue }),
  fc.record({
    kind: fc.constant('extra' as const),
    at: fc.nat(),
    key: fc.oneof(hostileText, fc.string({ maxLength: 10 })),
    value: wrongValue,
  }),
);

/** A raw body: JSON the schema accepts, or nearly (one or two faults), or hostile, or no JSON at all. */
export function bodyText(schema: JsonSchema, doc: OpenApiDocument, sources: ValueSources): Part<string> {
  const valid = validValue(schema, doc, sources);
  return {
    good: valid.map((v) => JSON.stringify(v)),
    bad: fc.oneof(
      {
        weight: 3,
        arbitrary: fc
          .tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 2 }))
          .map(([v, ms]) => JSON.stringify(ms.reduce(mutate, v))),
      },
      {
        weight: 1,
        arbitrary: fc.oneof(
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc.string({ unit: 'binary', maxLength: 40 }),
          fc.constantFrom(
            '',
            'null',
            '[]',
            '"text"',
            '1e999',
            '{"a":1,"a":2}',
            '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}',
            '{',
            '{"unterminated": "',
            '\u0000',
            '\ufeff{}',
          ),
          // Deep enough to exhaust a recursive walk, still under the 64 KiB limit.
          fc.integer({ min: 1000, max: 30_000 }).map((d) => `${'['.repeat(d)}${']'.repeat(d)}`),
          fc.integer({ min: 1000, max: 10_000 }).map((d) => `${'{"a":'.repeat(d)}1${'}'.repeat(d)}`),
          // Over the limit.
          fc.constant(JSON.stringify({ notes: 'x'.repeat(70 * 1024) })),
        ),
      },
    ),
  };
}

/** A header value a client can send (Latin-1, no NUL or line breaks). */
const headerText = fc
  .oneof(
    hostileText,
    fc.string({ maxLength: 30 }),
    fc.integer({ min: 150, max: 9000 }).map((n) => 'k'.repeat(n)),
  )
  .map((s) => s.replace(/[^\x20-\x7e\xa0-\xff]/g, '').trim());

/** Each byte of the text's UTF-8 (a lone surrogate as U+FFFD) percent-encoded but for unreserved characters. */
const percentEncoded = (text: string) =>
  [...Buffer.from(text)]
    .map((b) =>
      /[\w\-.~]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).padStart(2, '0')}`,
    )
    .join('');

/** A part of a request: what a careful client sends, and what a careless or hostile one might. */
export interface Part<T> {
  good: fc.Arbitrary<T>;
  bad: fc.Arbitrary<T>;
}

type Parts = Record<string, Part<unknown>>;
type Values<P extends Parts> = { [K in keyof P]: P[K] extends Part<infer T> ? T : never };

const each = <P extends Parts>(
  parts: P,
  pick: (part: Part<unknown>, name: string) => fc.Arbitrary<unknown>,
) =>
  fc.record(Object.fromEntries(Object.entries(parts).map(([k, p]) => [k, pick(p, k)]))) as fc.Arbitrary<
    Values<P>
  >;

/**
 * A request from its parts: all good (so that the domain itself is reached), exactly one bad (so that each
 * check is met on its own), or each good or bad at random.
 */
export function fromParts<P extends Parts>(parts: P): fc.Arbitrary<Values<P>> {
  return fc.oneof(
    { weight: 3, arbitrary: each(parts, (p) => p.good) },
    {
      weight: 4,
      arbitrary: fc
        .constantFrom(...Object.keys(parts))
        .chain((faulty) => each(parts, (p, name) => (name === faulty ? p.bad : p.good))),
    },
    { weight: 2, arbitrary: each(parts, (p) => fc.oneof(p.good, p.bad)) },
  );
}

/** A path parameter: an id of the caller's case; or another party's, a new one, or something that is no id. */
export function pathParam(ours: readonly string[], theirs: readonly string[]): Part<string> {
  return {
    good: fc.constantFrom(...ours),
    bad: fc.oneof(
      fc.constantFrom(...theirs),
      fc.uuid(),
      fc.constantFrom(...ours).map((id) => id.toUpperCase()),
      hostileText.map(percentEncoded),
      fc.constantFrom('%ZZ', '%E0%A4%A', '%00', '..', '.', 'null', '0', '-1', 'a'.repeat(3000)),
    ),
  };
}

/** A query string: each documented parameter valid or absent; or hostile, with strays, repeats and bad escapes. */
export function queryString(
  params: readonly Parameter[],
  doc: OpenApiDocument,
  sources: ValueSources,
): Part<string> {
  const valid = (p: Parameter) => fc.option(validValue(p.schema, doc, sources).map(asText), { freq: 2 });
  const hostile = (p: Parameter) =>
    fc.option(
      fc.oneof(
        validValue(p.schema, doc, sources).map(asText),
        hostileText,
        fc.string({ maxLength: 20 }),
        wrongValue.map(asText),
      ),
    );
  const render = (values: (string | null)[], extra = '') => {
    const q = new URLSearchParams();
    params.forEach((p, i) => {
      const v = values[i];
      if (v !== null && v !== undefined) q.append(p.name, v);
    });
    const text = [q.toString(), extra].filter(Boolean).join('&');
    return text ? `?${text}` : '';
  };
  return {
    good: fc.tuple(...params.map(valid)).map((values) => render(values)),
    bad: fc
      .record({
        values: fc.tuple(...params.map(hostile)),
        stray: fc.option(fc.tuple(fc.oneof(hostileText, fc.string({ maxLength: 8 })), hostileText)),
        repeat: fc.boolean(),
        raw: fc.option(fc.constantFrom('%', '%ZZ', '%00', '&&&', '=', 'limit', 'a=%E0%A4%A')),
      })
      .map(({ values, stray, repeat, raw }) => {
        const extra = new URLSearchParams(stray ? [stray] : []);
        if (repeat) params.forEach((p, i) => values[i] != null && extra.append(p.name, values[i]));
        return render(values, [extra.toString(), raw].filter(Boolean).join('&'));
      }),
  };
}

/** The bearer tokens a request may carry. */
export interface TokenPool {
  /** Of the parties in the case who may act on the route, when known; else of every party in it. */
  entitled: readonly string[];
  /** Every party's, in the case or not, whatever its role. */
  anyone: readonly string[];
  /** Tokens unsigned, tampered with, expired, for another audience, or with claims no party has. */
  invalid: readonly string[];
}

/** The headers of a request: its token, content type, Idempotency-Key (on a POST) and a few more. */
export function headerParts(method: 'GET' | 'POST', tokens: TokenPool, usedKeys: readonly string[]) {
  const none = fc.constant(undefined);
  const post = method === 'POST';
  return {
    authorization: {
      good: fc.constantFrom(...tokens.entitled).map((t) => `Bearer ${t}`),
      bad: fc.oneof(
        fc.constantFrom(...tokens.anyone).map((t) => `Bearer ${t}`),
        fc.constantFrom(...tokens.invalid).map((t) => `Bearer ${t}`),
        fc.constantFrom(...tokens.anyone),
        headerText.map((t) => `Bearer ${t}`),
        none,
      ),
    } satisfies Part<string | undefined>,
    contentType: {
      good: post ? fc.constant('application/json') : none,
      bad: fc.oneof(
        fc.constantFrom(
          undefined,
          'text/plain',
          'text/html',
          'application/x-www-form-urlencoded',
          'application/json; charset=utf-16',
          'application/problem+json',
          'APPLICATION/JSON',
          'multipart/form-data; boundary=x',
        ),
        headerText,
      ),
    } satisfies Part<string | undefined>,
    idempotencyKey: {
      good: post ? fc.constant(null).map(() => randomUUID()) : none,
      bad: fc.oneof(
        none,
        fc.constantFrom('short', 'k'.repeat(201), '  padded-key-123  ', 'clé-clé-clé-clé'),
        headerText,
        // A key used before, by this client or another, with this body or another.
        fc.nat().map((n) => usedKeys[n % Math.max(usedKeys.length, 1)]),
      ),
    } satisfies Part<string | undefined>,
    extra: {
      good: fc.constantFrom<Record<string, string>>(
        {},
        { 'X-Purpose': 'weekly caseload review', 'X-Request-Id': 'client-123' },
      ),
      bad: fc.record<Record<string, string>>(
        {
          'X-Request-Id': headerText,
          'X-Purpose': headerText,
          Accept: fc.constantFrom('text/html', '*/*', 'application/xml'),
          'X-Forwarded-For': headerText,
        },
        { requiredKeys: [] },
      ),
    } satisfies Part<Record<string, string>>,
  };
}
