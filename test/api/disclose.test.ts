import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FieldClass } from '../../domain/disclosure/classes';
import { type Classification, disclose } from '../../domain/disclosure/disclose';

const CLASSES: FieldClass[] = [
  'REFERENCE',
  'IDENTITY',
  'TERMS',
  'CRIMINAL',
  'SCREENING',
  'COMPLIANCE',
  'ENFORCEMENT',
  'CLINICAL',
];

type Spec = FieldClass | readonly [Spec] | { readonly [key: string]: Spec };

const KEYS = ['a', 'b', 'c', 'd'];

const specs = fc.letrec<{ spec: Spec }>((tie) => ({
  spec: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...CLASSES),
    fc.tuple(tie('spec')),
    fc.dictionary(fc.constantFrom(...KEYS), tie('spec'), { minKeys: 1, maxKeys: 4 }),
  ),
})).spec;

/** A value for a spec: mostly of its shape, with fields missing, nulls and values of the wrong shape. */
function valueOf(spec: Spec): fc.Arbitrary<unknown> {
  const odd = fc.oneof(fc.constant(null), fc.constant(undefined), fc.string(), fc.constant([1]));
  if (typeof spec === 'string') return fc.oneof(fc.string(), fc.integer(), fc.constant(null));
  const shaped = Array.isArray(spec)
    ? fc.array(valueOf((spec as readonly [Spec])[0]), { maxLength: 3 })
    : fc.record(
        Object.fromEntries([
          ...Object.entries(spec).map(([k, s]) => [k, valueOf(s)] as const),
          ['unclassified', fc.string()] as const,
        ]),
        { requiredKeys: [] },
      );
  return fc.oneof({ weight: 4, arbitrary: shaped }, { weight: 1, arbitrary: odd });
}

const anyShown = (spec: Spec, shown: ReadonlySet<FieldClass>): boolean =>
  typeof spec === 'string'
    ? shown.has(spec)
    : Array.isArray(spec)
      ? anyShown((spec as readonly [Spec])[0], shown)
      : Object.values(spec).some((s) => anyShown(s, shown));

const HIDDEN = Symbol('hidden');

/** The rule, stated directly: a class shown keeps its value; nothing shown under a spec hides it whole. */
function expected(spec: Spec, value: unknown, shown: ReadonlySet<FieldClass>): unknown {
  if (typeof spec === 'string') return shown.has(spec) ? value : HIDDEN;
  if (!anyShown(spec, shown)) return HIDDEN;
  if (value === null || value === undefined) return value;
  if (Array.isArray(spec)) {
    if (!Array.isArray(value)) return HIDDEN;
    return value
      .map((item) => expected((spec as readonly [Spec])[0], item, shown))
      .filter((item) => item !== HIDDEN);
  }
  if (typeof value !== 'object' || Array.isArray(value)) return HIDDEN;
  const out: Record<string, unknown> = {};
  for (const [key, s] of Object.entries(spec)) {
    if (!(key in value)) continue;
    const kept = expected(s, (value as Record<string, unknown>)[key], shown);
    if (kept !== HIDDEN) out[key] = kept;
  }
  return out;
}

const shownSets = fc.array(
  fc.subarray(CLASSES).map((classes) => new Set(classes)),
  {
    minLength: 1,
    maxLength: 3,
  },
);

describe('disclose', () => {
  it('keeps exactly the fields whose class is shown, for each set of classes in turn on the same spec', () => {
    fc.assert(
      fc.property(
        specs.chain((spec) =>
          fc.tuple(fc.constant(spec), fc.array(valueOf(spec), { minLength: 1, maxLength: 3 })),
        ),
        shownSets,
        ([spec, values], sets) => {
          // The same spec asked of with several sets, alternately: each answer is its own set's.
          for (let round = 0; round < 2; round++)
            for (const shown of sets)
              for (const value of values) {
                const want = expected(spec, value, shown);
                expect(disclose(spec as Classification<unknown>, value, shown)).toEqual(
                  want === HIDDEN ? {} : want,
                );
              }
        },
      ),
      { numRuns: 300 },
    );
  });
});
