import type { FieldClass } from './classes';

/**
 * How a value's fields are classified: a class for the whole value, an object of the same keys, or, for an
 * array, a one-element tuple classifying each item. Typed against the value, so a new field of a view does
 * not compile until someone classifies it.
 */
export type Classification<T> = FieldClass | ShapeOf<NonNullable<T>>;

type ShapeOf<T> = T extends readonly (infer Item)[]
  ? readonly [Classification<Item>]
  : T extends object
    ? { readonly [K in keyof T]-?: Classification<T[K]> }
    : FieldClass;

type Spec = FieldClass | readonly [Spec] | { readonly [key: string]: Spec };

const WITHHELD = Symbol('withheld');

/** What a spec keeps of a value for one set of shown classes: the value, its shown part, or WITHHELD. */
type Discloser = (value: unknown) => unknown;

const withhold: Discloser = () => WITHHELD;
const keep: Discloser = (value) => value;

function anyShown(spec: Spec, shown: ReadonlySet<FieldClass>): boolean {
  if (typeof spec === 'string') return shown.has(spec);
  if (isItems(spec)) return anyShown(spec[0], shown);
  return Object.values(spec).some((s) => anyShown(s, shown));
}

function isItems(spec: Spec): spec is readonly [Spec] {
  return Array.isArray(spec);
}

/**
 * The walk of a spec for one set of shown classes, decided once: which fields are shown is the same for every
 * value, so only the value's own shape (missing fields, nulls, arrays) is looked at per call.
 */
function compile(spec: Spec, shown: ReadonlySet<FieldClass>): Discloser {
  if (typeof spec === 'string') return shown.has(spec) ? keep : withhold;
  if (!anyShown(spec, shown)) return withhold;
  if (isItems(spec)) {
    const item = compile(spec[0], shown);
    return (value) => {
      if (value === null || value === undefined) return value;
      if (!Array.isArray(value)) return WITHHELD;
      const out: unknown[] = [];
      for (const v of value) {
        const disclosed = item(v);
        if (disclosed !== WITHHELD) out.push(disclosed);
      }
      return out;
    };
  }
  const fields = Object.entries(spec)
    .map(([key, fieldSpec]) => [key, compile(fieldSpec, shown)] as const)
    .filter(([, field]) => field !== withhold);
  return (value) => {
    if (value === null || value === undefined) return value;
    if (typeof value !== 'object' || Array.isArray(value)) return WITHHELD;
    const given = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [key, field] of fields) {
      if (!Object.hasOwn(given, key)) continue;
      const disclosed = field(given[key]);
      if (disclosed !== WITHHELD) out[key] = disclosed;
    }
    return out;
  };
}

/** Each classification's walk per set of shown classes (a role's: SHOWN), compiled on first use. */
const compiled = new WeakMap<object, WeakMap<ReadonlySet<FieldClass>, Discloser>>();

function discloserOf(spec: Spec, shown: ReadonlySet<FieldClass>): Discloser {
  if (typeof spec === 'string') return compile(spec, shown);
  let bySet = compiled.get(spec);
  if (!bySet) compiled.set(spec, (bySet = new WeakMap()));
  let discloser = bySet.get(shown);
  if (!discloser) bySet.set(shown, (discloser = compile(spec, shown)));
  return discloser;
}

/** The value with only the fields whose class is shown; unclassified fields are withheld. */
export function disclose<T>(
  classification: Classification<T>,
  value: T,
  shown: ReadonlySet<FieldClass>,
): Partial<T> {
  const disclosed = discloserOf(classification, shown)(value);
  return (disclosed === WITHHELD ? {} : disclosed) as Partial<T>;
}
