import { fc } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { OrderCommandSchema } from '../../domain/order';
import { MAX_CODE_LENGTH, MAX_NAME_LENGTH, MAX_TEXT_LENGTH } from '../../domain/primitives';
import { RequirementCommandSchema } from '../../domain/requirement';
import { DRR_ID, openCase, uuid } from './order/fixtures';

const HIDDEN = [
  ...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)),
  '\u007f',
  '\u0085',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200e',
  '\u200f',
  '\u061c',
];

type Schema = typeof OrderCommandSchema | typeof RequirementCommandSchema;
/** A valid command, and how to put a value into one of its fields. */
type Field = [string, Schema, (value: string) => unknown];

const opening = (change: (o: typeof openCase) => unknown) => change(structuredClone(openCase));

const CODES: Field[] = [
  ['court code', OrderCommandSchema, (v) => opening((o) => ({ ...o, court: { ...o.court, code: v } }))],
  ['PDU', OrderCommandSchema, (v) => opening((o) => ({ ...o, probationDeliveryUnit: v }))],
  [
    'home LJA',
    OrderCommandSchema,
    (v) => opening((o) => ({ ...o, person: { ...o.person, homeLocalJusticeArea: v } })),
  ],
  ['CRN', OrderCommandSchema, (v) => opening((o) => ({ ...o, person: { ...o.person, crn: v } }))],
  [
    'provider asked to assess',
    OrderCommandSchema,
    (v) => ({ type: 'RequestAssessment', requirementId: DRR_ID, requirementType: 'DRR', providerOrgId: v }),
  ],
  [
    'provider referred to',
    RequirementCommandSchema,
    (v) => ({ type: 'ReferToProvider', requirementId: DRR_ID, providerOrgId: v }),
  ],
  [
    'court laying information',
    OrderCommandSchema,
    (v) => ({ type: 'LayInformation', referralId: uuid(1), informationLaidOn: '2026-05-01', courtCode: v }),
  ],
  [
    'new home LJA',
    OrderCommandSchema,
    (v) => ({ type: 'AmendHomeLocalJusticeArea', newHomeLocalJusticeArea: v, amendedOn: '2026-05-01' }),
  ],
];

const parsed = ([, schema, put]: Field, value: string) => schema.safeParse(put(value));

describe('codes, names and free text in commands', () => {
  it.each(CODES)('a %s is trimmed, and refused with a hidden character anywhere in it', (...field) => {
    const ok = parsed(field, '  N07LDN \t');
    expect(ok.success && JSON.stringify(ok.data)).toContain('"N07LDN"');
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 20 }),
        fc.nat(),
        fc.constantFrom(...HIDDEN),
        (code, at, hidden) => {
          const i = at % (code.length + 1);
          const result = parsed(field, `N07${code.slice(0, i)}${hidden}${code.slice(i)}LDN`);
          expect(result.success).toBe(false);
          expect(result.error?.issues[0]?.message).toMatch(/control, zero-width or bidirectional/);
        },
      ),
    );
    expect(parsed(field, 'x'.repeat(MAX_CODE_LENGTH)).success).toBe(true);
    expect(parsed(field, 'x'.repeat(MAX_CODE_LENGTH + 1)).success).toBe(false);
  });

  it('bounds the length of names and free text', () => {
    const bounded: Array<[Field, number]> = [
      [
        [
          'given name',
          OrderCommandSchema,
          (v) => opening((o) => ({ ...o, person: { ...o.person, givenName: v } })),
        ],
        MAX_NAME_LENGTH,
      ],
      [
        [
          'family name',
          OrderCommandSchema,
          (v) => opening((o) => ({ ...o, person: { ...o.person, familyName: v } })),
        ],
        MAX_NAME_LENGTH,
      ],
      [
        [
          'offence',
          OrderCommandSchema,
          (v) => opening((o) => ({ ...o, offences: [{ description: v, imprisonable: true }] })),
        ],
        MAX_TEXT_LENGTH,
      ],
      [
        [
          'screening notes',
          OrderCommandSchema,
          (v) => ({ type: 'RecordScreening', outcome: 'PROCEED_TO_ASSESSMENT', notes: v }),
        ],
        MAX_TEXT_LENGTH,
      ],
      [
        [
          'practitioner',
          RequirementCommandSchema,
          (v) => ({ type: 'AllocatePractitioner', requirementId: DRR_ID, name: v, role: 'Key worker' }),
        ],
        MAX_NAME_LENGTH,
      ],
      [
        [
          'session notes',
          RequirementCommandSchema,
          (v) => ({ type: 'RecordClinicalCompletion', requirementId: DRR_ID, notes: v }),
        ],
        MAX_TEXT_LENGTH,
      ],
      [
        [
          'report',
          RequirementCommandSchema,
          (v) => ({
            type: 'SubmitPractitionerReport',
            requirementId: DRR_ID,
            opinion: 'NOT_SUSCEPTIBLE',
            narrative: v,
          }),
        ],
        MAX_TEXT_LENGTH,
      ],
      [
        [
          'no further action',
          OrderCommandSchema,
          (v) => ({ type: 'RecordNoFurtherAction', referralId: uuid(1), reason: v }),
        ],
        MAX_TEXT_LENGTH,
      ],
    ];
    for (const [field, max] of bounded) {
      expect(parsed(field, 'é'.repeat(max)).success, field[0]).toBe(true);
      expect(parsed(field, 'é'.repeat(max + 1)).success, field[0]).toBe(false);
    }
  });
});
