import type { Context } from 'hono';
import { type FieldError, problems } from '../problem';

/**
 * Postgres text and jsonb cannot hold U+0000 or an unpaired UTF-16 surrogate (in Unicode mode a paired one
 * is a single code point and does not match). Such a string would pass every schema and fail only when the
 * workflow persists its event, retrying for ever; so the API refuses it with a 400.
 */
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what must be found
const UNSTORABLE = /[\u0000\ud800-\udfff]/u;

/** A pointer to every string (or key) in a JSON value that Postgres could not store. */
export function unstorableText(value: unknown, pointer: string): FieldError[] {
  if (typeof value === 'string')
    return UNSTORABLE.test(value) ? [{ pointer, detail: 'Contains NUL or an unpaired surrogate.' }] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => unstorableText(v, `${pointer}/${i}`));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) =>
      UNSTORABLE.test(k)
        ? [{ pointer, detail: 'A field name contains NUL or an unpaired surrogate.' }]
        : unstorableText(v, `${pointer}/${k}`),
    );
  return [];
}

export function assertStorable(value: unknown, pointer: string): void {
  const errors = unstorableText(value, pointer);
  if (errors.length > 0) throw problems.malformed('The request holds text that cannot be stored.', errors);
}

/** Query parameters are compared with stored text, so the same characters are refused there. */
export function assertStorableQuery(c: Context): void {
  assertStorable(c.req.query(), '/query');
}
