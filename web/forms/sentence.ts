import { z } from 'zod';
import { OrderType, OtherRequirementType, RequirementMode } from '../../domain/enums';
import { type Field, type FieldError, anchorOf, bodyFromForm, dateField } from './fields';

// The court's sentence as a form: the order, then one repeated fieldset per requirement imposed and per other
// requirement of the order, added and removed by buttons that post the form back (GOV.UK "add another",
// working without JavaScript). Field names are flat: `r0-mode` is the first requirement's mode.

type Posted = Record<string, unknown>;

/** The most requirements of other kinds an order records (the command's own limit). */
export const MAX_OTHER_REQUIREMENTS = 20;

const months = (name: string, label: string, message: string, hint?: string): Field => ({
  name,
  kind: 'number',
  label,
  message,
  optional: true,
  ...(hint ? { hint } : {}),
});

const SUSPENDED_ONLY_HINT = 'Suspended sentence order only';
const REVIEWED_ONLY_HINT = 'Only if the order provides for review hearings';

/** The order's own questions; those of one order type only say so, and count only for it. */
export const ORDER_FIELDS = {
  orderType: {
    name: 'orderType',
    kind: 'choice',
    label: 'What order does the court make?',
    message: 'Select the order the court makes',
  },
  sentenceDate: dateField('sentenceDate', 'Date of sentence', 'Enter a real date of sentence'),
  convictionDate: dateField(
    'convictionDate',
    'Date of conviction, if not given when the case was opened',
    'Enter a real date of conviction, or leave it blank',
    true,
  ),
  endDate: {
    ...dateField('endDate', 'End date of the order', 'Enter a real end date'),
    hint: 'Community order only. For example, 27 3 2028',
    optional: true,
  },
  custodialTermMonths: months(
    'custodialTermMonths',
    'Custodial term, in months',
    'Enter the custodial term in months',
  ),
  operationalPeriodMonths: months(
    'operationalPeriodMonths',
    'Operational period, in months',
    'Enter the operational period in months',
    SUSPENDED_ONLY_HINT,
  ),
  supervisionPeriodMonths: months(
    'supervisionPeriodMonths',
    'Supervision period, in months',
    'Enter the supervision period in months',
    SUSPENDED_ONLY_HINT,
  ),
} satisfies Record<string, Field>;

const COMMUNITY_ORDER_ONLY = ['endDate'];
const SUSPENDED_ONLY = ['custodialTermMonths', 'operationalPeriodMonths', 'supervisionPeriodMonths'];

/** Where each of a requirement's terms is in the command (RequirementTermsSchema): a one-period treatment. */
const TERM_PATHS = {
  mode: ['mode'],
  start: ['periods', 0, 'start'],
  end: ['periods', 0, 'end'],
  treatmentDirector: ['treatmentDirector'],
  place: ['place'],
  intervals: ['intervals'],
  practitioner: ['practitioner'],
} as const;

/**
 * A requirement's terms as questions, each named `${prefix}${term}`: its mode, its period and who, where and
 * how often. With `within`, each answer goes under that field of the command (a replacement's terms).
 */
export function termFields(prefix: string, within?: string) {
  const n = (name: keyof typeof TERM_PATHS) => `${prefix}${name}`;
  const at = (name: keyof typeof TERM_PATHS) => (within ? { at: [within, ...TERM_PATHS[name]] } : {});
  const text = (name: keyof typeof TERM_PATHS, label: string, hint: string): Field => ({
    name: n(name),
    kind: 'text',
    label,
    hint,
    message: `Enter the ${label.toLowerCase()}`,
    optional: true,
    ...at(name),
  });
  return {
    mode: {
      name: n('mode'),
      kind: 'choice',
      label: 'What is the mode of treatment?',
      message: 'Select the mode of treatment',
      ...at('mode'),
    },
    start: {
      ...dateField(n('start'), 'Treatment starts on', 'Enter a real date treatment starts'),
      ...at('start'),
    },
    end: { ...dateField(n('end'), 'Treatment ends on', 'Enter a real date treatment ends'), ...at('end') },
    treatmentDirector: text(
      'treatmentDirector',
      'Treatment director',
      'DRR and ATR: who directs the treatment',
    ),
    place: text('place', 'Place of treatment', 'DRR, in-patient and institution-based treatment: where'),
    intervals: text('intervals', 'Intervals of treatment', 'Non-resident DRR: for example, weekly'),
    practitioner: text(
      'practitioner',
      'Practitioner',
      'Practitioner-based MHTR: the registered medical practitioner or psychologist',
    ),
  } satisfies Record<keyof typeof TERM_PATHS, Field>;
}

/** One requirement imposed: which proposed requirement, its mode, its period and terms, a DRR's reviews. */
export function requirementFields(i: number) {
  const n = (name: string) => `r${i}-${name}`;
  return {
    requirementId: {
      name: n('requirementId'),
      kind: 'choice',
      label: 'Which proposed requirement does the court impose?',
      message: 'Select the requirement the court imposes',
    },
    ...termFields(n('')),
    reviewed: {
      name: n('reviewed'),
      kind: 'yes-no',
      label: 'Does the order provide for review hearings?',
      hint: 'DRR only. Needed where the treatment and testing period is more than 12 months',
      message: 'Select yes if the order provides for review hearings',
      optional: true,
    },
    firstReviewDate: {
      ...dateField(
        n('firstReviewDate'),
        'Date of the first review hearing',
        'Enter a real date for the first review',
        true,
      ),
      hint: `${REVIEWED_ONLY_HINT}. For example, 27 3 2027`,
    },
    intervalMonths: months(
      n('intervalMonths'),
      'Months between reviews',
      'Enter the months between reviews, 1 or more',
      REVIEWED_ONLY_HINT,
    ),
  } satisfies Record<string, Field>;
}

/** One of the order's other requirements (unpaid work, rehabilitation activity, …), recorded for R19 and R27. */
export function otherFields(j: number) {
  const n = (name: string) => `o${j}-${name}`;
  return {
    type: { name: n('type'), kind: 'choice', label: 'Which requirement?', message: 'Select the requirement' },
    hours: {
      ...months(n('hours'), 'Unpaid work: hours', 'Enter the hours of unpaid work'),
      hint: 'Unpaid work only',
    },
    days: {
      ...months(n('days'), 'Rehabilitation activity: days', 'Enter the days of rehabilitation activity'),
      hint: 'Rehabilitation activity only',
    },
  } satisfies Record<string, Field>;
}

/** How many requirement and other-requirement fieldsets the posted form had. */
export function rowsOf(posted: Posted) {
  const count = (name: string, least: number, most: number) => {
    const n = Number(posted[name]);
    return Number.isInteger(n) ? Math.min(Math.max(n, least), most) : least;
  };
  return {
    requirements: count('requirementRows', 1, 10),
    others: count('otherRows', 0, MAX_OTHER_REQUIREMENTS),
  };
}

/** Every field the form has with these rows, in page order. */
export function allFields(rows: { requirements: number; others: number }): Field[] {
  return [
    ...Object.values(ORDER_FIELDS),
    ...Array.from({ length: rows.requirements }, (_, i) => Object.values(requirementFields(i))).flat(),
    ...Array.from({ length: rows.others }, (_, j) => Object.values(otherFields(j))).flat(),
  ];
}

/** Each mode once (a DRR and an ATR are both resident, an MHTR and an ATR both practitioner-based). */
export const MODES = z.enum([...new Set(RequirementMode.options)] as [string, ...string[]]);

/** The choices each field offers, as the catalogue's schema would give them. */
export function choicesSchema(
  rows: { requirements: number; others: number },
  proposedIds: readonly string[],
) {
  const shape: Record<string, z.ZodType> = { orderType: OrderType };
  for (let i = 0; i < rows.requirements; i++) {
    if (proposedIds.length > 0) shape[`r${i}-requirementId`] = z.enum(proposedIds as [string, ...string[]]);
    shape[`r${i}-mode`] = MODES;
  }
  for (let j = 0; j < rows.others; j++) shape[`o${j}-type`] = OtherRequirementType;
  return z.object(shape);
}

/**
 * The form with one fieldset taken out: the fieldsets after it move up one (`r2-…` becomes `r1-…`), so that
 * what was typed in them stays where it was.
 */
export function withoutRow(posted: Posted, prefix: 'r' | 'o', removed: number): Posted {
  const out: Posted = {};
  for (const [key, value] of Object.entries(posted)) {
    const m = new RegExp(`^${prefix}(\\d+)-(.*)$`).exec(key);
    if (!m) out[key] = value;
    else if (Number(m[1]) < removed) out[key] = value;
    else if (Number(m[1]) > removed) out[`${prefix}${Number(m[1]) - 1}-${m[2]}`] = value;
  }
  return out;
}

const pick = (body: Record<string, unknown>, names: string[]) =>
  Object.fromEntries(names.filter((n) => body[n] !== undefined).map((n) => [n, body[n]]));

/**
 * The RecordSentence body the form makes (a CSTR imposed), or the errors of what was left out or unreadable.
 * Only the order type's own questions count: what is typed under the other choice is not sent.
 */
export function sentenceFromForm(posted: Posted, proposedIds: readonly string[]) {
  const rows = rowsOf(posted);
  const schema = choicesSchema(rows, proposedIds);
  const orderType = typeof posted.orderType === 'string' ? posted.orderType : '';
  const ignored = orderType === 'COMMUNITY_ORDER' ? SUSPENDED_ONLY : COMMUNITY_ORDER_ONLY;
  const asked = (fields: Field[]) => fields.filter((f) => !ignored.includes(f.name));
  const errors: FieldError[] = [];
  const read = (fields: Field[]) => {
    const result = bodyFromForm(asked(fields), schema.partial(), posted);
    errors.push(...result.errors);
    return result.body;
  };
  const order = read(Object.values(ORDER_FIELDS));
  const requirements = Array.from({ length: rows.requirements }, (_, i) => {
    const f = requirementFields(i);
    const reviewed = posted[f.reviewed.name] === 'yes';
    const fields: Field[] = Object.values(f).map((field) =>
      reviewed && (field === f.firstReviewDate || field === f.intervalMonths)
        ? { ...field, optional: false }
        : field,
    );
    const b = read(fields);
    const terms = ['treatmentDirector', 'place', 'intervals', 'practitioner'] as const;
    return {
      requirementId: b[f.requirementId.name],
      mode: b[f.mode.name],
      periods: [{ start: b[f.start.name], end: b[f.end.name] }],
      ...Object.fromEntries(terms.filter((t) => b[f[t].name] !== undefined).map((t) => [t, b[f[t].name]])),
      ...(reviewed
        ? { review: { firstReviewDate: b[f.firstReviewDate.name], intervalMonths: b[f.intervalMonths.name] } }
        : {}),
    };
  });
  const others = Array.from({ length: rows.others }, (_, j) => {
    const f = otherFields(j);
    const b = read(Object.values(f));
    return {
      type: b[f.type.name],
      ...pick({ hours: b[f.hours.name], days: b[f.days.name] }, ['hours', 'days']),
    };
  });
  const body = {
    outcome: 'CSTR_IMPOSED',
    ...pick(order, [
      'orderType',
      'sentenceDate',
      'convictionDate',
      ...(orderType === 'COMMUNITY_ORDER' ? COMMUNITY_ORDER_ONLY : SUSPENDED_ONLY),
    ]),
    requirements,
    ...(others.length > 0 ? { otherRequirements: others } : {}),
  };
  return { body, errors };
}

/** The question a pointer into the command (`/requirements/1/periods/0/end`) is about, and where it is on the page. */
export function sentenceFieldOf(pointer: string, rows: { requirements: number; others: number }) {
  const fields = allFields(rows);
  const at = (name: string) => {
    const field = fields.find((f) => f.name === name);
    return field ? { field: field.name, href: anchorOf(field, fields) } : undefined;
  };
  const parts = pointer.split('/').slice(1);
  if (parts[0] === 'requirements') {
    const i = parts[1] ?? '0';
    const rest = parts.slice(2);
    if (rest[0] === 'periods') return at(`r${i}-${rest[2] ?? 'start'}`);
    if (rest[0] === 'review') return at(`r${i}-${rest[1] ?? 'reviewed'}`) ?? at(`r${i}-reviewed`);
    return at(`r${i}-${rest[0] ?? 'requirementId'}`) ?? at(`r${i}-requirementId`);
  }
  if (parts[0] === 'otherRequirements')
    return at(`o${parts[1] ?? '0'}-${parts[2] ?? 'type'}`) ?? at(`o${parts[1]}-type`);
  if (parts[0] === 'outcome') return at('orderType');
  return at(parts[0] ?? '');
}
