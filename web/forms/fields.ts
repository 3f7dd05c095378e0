import { z } from 'zod';
import { Substance, SubstanceResult } from '../../domain/enums';

/** How a body field is asked for, in GOV.UK patterns. */
/** `hidden`: an id the page's link names (`?incidentId=`), sent back with the form. */
/** `substance-results`: a drug test's finding for each substance, as `[{ substance, result }]`. */
export type FieldKind =
  | 'choice'
  | 'yes-no'
  | 'date'
  | 'date-time'
  | 'number'
  | 'text'
  | 'textarea'
  | 'hidden'
  | 'substance-results';

/** A substance the test did not look for: left out of its results. */
export const NOT_TESTED = 'NOT_TESTED';

export interface Field {
  /** The command body's field. */
  name: string;
  kind: FieldKind;
  label: string;
  hint?: string;
  /** What to say when it is missing or not valid, in the GOV.UK error message style. */
  message: string;
  optional?: boolean;
  /** Asked only when another question has this answer (a replacement's terms, when REPLACE is chosen); else ignored. */
  askedIf?: { field: string; is: string };
  /** Where the answer goes in the command body when not at its name: a replacement's mode, `['replacement', 'mode']`. */
  at?: readonly (string | number)[];
  /** The choices offered where not every choice of the body's schema is; every choice when not given. */
  choices?: readonly string[];
  /** A choice's words where its value's own words would not do (DRR). */
  choiceText?: Readonly<Record<string, string>>;
}

/** What every date question says to show how a date is written. */
export const DATE_HINT = 'For example, 27 3 2027';

/** A date question: day, month and year. */
export function dateField(name: string, label: string, message: string, optional = false): Field {
  return { name, kind: 'date', label, hint: DATE_HINT, message, optional };
}

export interface FieldError {
  field: string;
  text: string;
  href: string;
}

type Form = Record<string, unknown>;
const given = (form: Form, name: string) => (typeof form[name] === 'string' ? form[name].trim() : '');

const isDate = (field: Field) => field.kind === 'date' || field.kind === 'date-time';

/** The element an error links to: the first input of a date; for a hidden id, the form's first question. */
export function anchorOf(field: Field, fields: readonly Field[]): string {
  if (field.kind === 'hidden') {
    const shown = fields.find((f) => f.kind !== 'hidden');
    return shown ? anchorOf(shown, fields) : '#main-content';
  }
  if (field.kind === 'substance-results') return `#${field.name}-${Substance.options[0]}`;
  return isDate(field) ? `#${field.name}-day` : `#${field.name}`;
}

const offsetName = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  timeZoneName: 'shortOffset',
});
const londonOffsetMs = (ms: number) => {
  const name = offsetName.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  return Number(/GMT([+-]\d+)?/.exec(name)?.[1] ?? 0) * 3_600_000;
};

/** A day and a time as people in England and Wales mean them (London time), as an instant. */
function londonInstant(year: number, month: number, day: number, hour: number, minute: number) {
  const naive = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return new Date(naive - londonOffsetMs(naive - londonOffsetMs(naive))).toISOString();
}

/** One field's value for the command body from what was posted; undefined when missing or not readable. */
function valueOf(field: Field, form: Form): unknown {
  const text = given(form, field.name);
  switch (field.kind) {
    case 'yes-no':
      return text === 'yes' ? true : text === 'no' ? false : undefined;
    case 'number':
      return /^\d{1,6}$/.test(text) ? Number(text) : undefined;
    case 'date': {
      const [d, m, y] = ['day', 'month', 'year'].map((part) => given(form, `${field.name}-${part}`));
      if (!/^\d{1,2}$/.test(d!) || !/^\d{1,2}$/.test(m!) || !/^\d{4}$/.test(y!)) return undefined;
      const check = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
      if (check.getUTCMonth() !== Number(m) - 1 || check.getUTCDate() !== Number(d)) return undefined;
      return `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
    }
    case 'date-time': {
      const [d, m, y] = ['day', 'month', 'year'].map((part) => given(form, `${field.name}-${part}`));
      const time = /^(\d{1,2})[:.](\d{2})$/.exec(given(form, `${field.name}-time`));
      if (!/^\d{1,2}$/.test(d!) || !/^\d{1,2}$/.test(m!) || !/^\d{4}$/.test(y!) || !time) return undefined;
      const [hour, minute] = [Number(time[1]), Number(time[2])];
      if (hour > 23 || minute > 59) return undefined;
      return londonInstant(Number(y), Number(m), Number(d), hour, minute);
    }
    case 'substance-results': {
      const answers = Substance.options.map((substance) => ({
        substance,
        result: given(form, `${field.name}-${substance}`) || NOT_TESTED,
      }));
      const tested = answers.filter((a) => a.result !== NOT_TESTED);
      const readable = tested.every((a) => SubstanceResult.safeParse(a.result).success);
      return readable && tested.length > 0 ? tested : undefined;
    }
    default:
      return text === '' ? undefined : text;
  }
}

/** Where a field's answer is in the command body. */
export const bodyPathOf = (field: Field): readonly (string | number)[] => field.at ?? [field.name];

/** The field whose answer is at `path` in the body, or else the first whose answer is under it. */
export function fieldAt<F extends Field>(fields: readonly F[], path: readonly PropertyKey[]): F | undefined {
  const starts = (long: readonly PropertyKey[], short: readonly PropertyKey[]) =>
    short.length > 0 && short.every((key, i) => String(key) === String(long[i]));
  return fields.find((f) => starts(path, bodyPathOf(f))) ?? fields.find((f) => starts(bodyPathOf(f), path));
}

function put(body: Record<string, unknown>, path: readonly (string | number)[], value: unknown) {
  let into: Record<string | number, unknown> = body;
  for (const [i, key] of path.slice(0, -1).entries()) {
    into[key] ??= typeof path[i + 1] === 'number' ? [] : {};
    into = into[key] as Record<string | number, unknown>;
  }
  into[path.at(-1)!] = value;
}

/**
 * The command body a form makes, checked against the catalogue's body schema: each field missing, unreadable
 * or refused by the schema is an error with the field's own message.
 */
export function bodyFromForm(fields: readonly Field[], schema: z.ZodType, form: Form) {
  const body: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  const fail = (field: Field) => {
    if (!errors.some((e) => e.field === field.name))
      errors.push({ field: field.name, text: field.message, href: anchorOf(field, fields) });
  };
  const asked = fields.filter((f) => !f.askedIf || given(form, f.askedIf.field) === f.askedIf.is);
  const values = asked.map((field) => valueOf(field, form));
  for (const [i, field] of asked.entries()) {
    const value = values[i];
    const typed = isDate(field)
      ? [`${field.name}-day`, `${field.name}-month`, `${field.name}-year`, `${field.name}-time`]
      : field.kind === 'substance-results'
        ? Substance.options.map((s) => `${field.name}-${s}`)
        : [field.name];
    const anything = typed.some((name) => given(form, name) !== '');
    if (value !== undefined) put(body, bodyPathOf(field), value);
    else if (!field.optional || anything) fail(field);
  }
  const parsed = schema.safeParse(body);
  for (const [i, field] of asked.entries()) {
    const value = values[i];
    if (field.choices && typeof value === 'string' && !field.choices.includes(value)) fail(field);
  }
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldAt(fields, issue.path);
      if (field) fail(field);
    }
  }
  return { body, errors };
}

/** The choices a body field allows, from the catalogue's schema: an enumeration's values. */
export function choicesOf(schema: z.ZodObject, name: string): readonly string[] {
  let field = schema.shape[name] as z.ZodType | undefined;
  while (field instanceof z.ZodOptional) field = field.unwrap() as z.ZodType;
  return field instanceof z.ZodEnum ? (field.options as string[]) : [];
}
