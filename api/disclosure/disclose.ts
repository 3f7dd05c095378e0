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

function anyShown(spec: Spec, shown: ReadonlySet<FieldClass>): boolean {
  if (typeof spec === 'string') return shown.has(spec);
  if (isItems(spec)) return anyShown(spec[0], shown);
  return Object.values(spec).some((s) => anyShown(s, shown));
}

function isItems(spec: Spec): spec is readonly [Spec] {
  return Array.isArray(spec);
}

function walk(spec: Spec, value: unknown, shown: ReadonlySet<FieldClass>): unknown {
  if (typeof spec === 'string') return shown.has(spec) ? value : WITHHELD;
  if (!anyShown(spec, shown)) return WITHHELD;
  if (value === null || value === undefined) return value;
  if (isItems(spec)) {
    if (!Array.isArray(value)) return WITHHELD;
    return value.map((item) => walk(spec[0], item, shown)).filter((item) => item !== WITHHELD);
  }
  if (typeof value !== 'object' || Array.isArray(value)) return WITHHELD;
  const fields = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, fieldSpec] of Object.entries(spec)) {
    if (!Object.hasOwn(fields, key)) continue;
    const disclosed = walk(fieldSpec, fields[key], shown);
    if (disclosed !== WITHHELD) out[key] = disclosed;
  }
  return out;
}

/** The value with only the fields whose class is shown; unclassified fields are withheld. */
export function disclose<T>(
  classification: Classification<T>,
  value: T,
  shown: ReadonlySet<FieldClass>,
): Partial<T> {
  const disclosed = walk(classification, value, shown);
  return (disclosed === WITHHELD ? {} : disclosed) as Partial<T>;
}
