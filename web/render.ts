import { createRequire } from 'node:module';
import path from 'node:path';
import type { Context } from 'hono';
import nunjucks from 'nunjucks';
import type { WebEnv } from './env';

const require = createRequire(__filename);
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));
export const GOVUK_DIR = path.join(packageDir('govuk-frontend'), 'dist');
export const MOJ_DIR = packageDir('@ministryofjustice/frontend');

const LONDON = 'Europe/London';
const dateFormat = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, dateStyle: 'long' });
const timeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** A London time as GOV.UK writes it: 9am, 2:30pm, midday, midnight. */
export function govukTime(at: Date): string {
  const [hour, minute] = timeFormat.format(at).split(':').map(Number) as [number, number];
  if (minute === 0 && hour === 0) return 'midnight';
  if (minute === 0 && hour === 12) return 'midday';
  const clock = `${hour % 12 || 12}${minute === 0 ? '' : `:${String(minute).padStart(2, '0')}`}`;
  return `${clock}${hour < 12 ? 'am' : 'pm'}`;
}

const written = new Map<string, string>();
const MAX_WRITTEN = 20_000;

/**
 * A day (YYYY-MM-DD) or an instant, as GOV.UK writes dates: 6 December 2026, 2:30pm (London time). An
 * instant at London midnight is a day's deadline (the day it begins): the date alone.
 */
export function govukDate(value: string | Date | null | undefined, withTime = false): string {
  if (value === null || value === undefined || value === '') return '';
  // Pages show the same dates again and again (a worklist's hundreds on every visit), and Intl formatting
  // is a good part of a page's CPU: each written once, remembered (the memory bounded).
  const key = `${withTime ? 't' : 'd'}${typeof value === 'string' ? value : value.getTime()}`;
  const known = written.get(key);
  if (known !== undefined) return known;
  if (written.size >= MAX_WRITTEN) written.clear();
  const text = writeDate(value, withTime);
  written.set(key, text);
  return text;
}

function writeDate(value: string | Date, withTime: boolean): string {
  const day = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
  const at = day ? new Date(`${value}T12:00:00Z`) : new Date(value);
  if (Number.isNaN(at.getTime())) return String(value);
  if (day || !withTime) return dateFormat.format(at);
  const time = govukTime(at);
  return time === 'midnight' ? dateFormat.format(at) : `${dateFormat.format(at)}, ${time}`;
}

/** SCREAMING_SNAKE enumerations as words: NON_RESIDENT → Non resident. */
export function words(value: string | null | undefined): string {
  if (!value) return '';
  const lower = value.replaceAll('_', ' ').toLowerCase();
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

/**
 * Nunjucks' `Frame.set`, with each name's parts split once. Nunjucks splits the name on every call (it sets
 * `loop.index`, `loop.first`… at every turn of every loop, and GOV.UK's macros loop over every row and cell):
 * the split was a third of a page's render. The names are the templates' own (set tags, loop variables,
 * macro arguments), so they are few; the memory is bounded all the same.
 */
function splitNamesOnce(): void {
  interface Frame {
    variables: Record<string, unknown>;
    resolve(name: string, forWrite: boolean): Frame | undefined;
    set(name: string, value: unknown, resolveUp?: boolean): void;
  }
  const parts = new Map<string, readonly string[]>();
  const partsOf = (name: string) => {
    let known = parts.get(name);
    if (known === undefined) {
      if (parts.size >= 10_000) parts.clear();
      parts.set(name, (known = name.split('.')));
    }
    return known;
  };
  const runtime = nunjucks.runtime as typeof nunjucks.runtime & { Frame: { prototype: Frame } };
  runtime.Frame.prototype.set = function set(this: Frame, name, value, resolveUp) {
    const names = partsOf(name);
    if (resolveUp) {
      const frame = this.resolve(names[0]!, true);
      if (frame) return frame.set(name, value);
    }
    let obj = this.variables;
    for (let i = 0; i < names.length - 1; i++) obj = (obj[names[i]!] ||= {}) as Record<string, unknown>;
    obj[names.at(-1)!] = value;
  };
}
splitNamesOnce();

const loader = new nunjucks.FileSystemLoader([path.join(__dirname, 'views'), GOVUK_DIR, MOJ_DIR]);
// Each GOV.UK macro includes "./template.njk" beside it, and Nunjucks resolves that path (`path.resolve`) on
// every call before finding the compiled template in its cache: each resolved once.
const resolvePath = loader.resolve.bind(loader);
const resolved = new Map<string, string>();
loader.resolve = (from, to) => {
  const key = `${from}\n${to}`;
  let found = resolved.get(key);
  if (found === undefined) resolved.set(key, (found = resolvePath(from, to)));
  return found;
};
const env = new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: false });
// Nunjucks' own `trim` is a regular expression that tries `\s*$` at every character of every run of
// whitespace, and GOV.UK's macros trim whole blocks of HTML with it; the native trim removes the same characters.
const { SafeString } = nunjucks.runtime;
env.addFilter('trim', (s: string | InstanceType<typeof SafeString>) =>
  s instanceof SafeString ? new SafeString(s.val.trim()) : s.trim(),
);
// The GOV.UK header and footer are the same on every page (the footer is rendered twice a page, once to see
// whether it is empty): each rendered once.
env.addGlobal('govukChrome', {
  header: new SafeString(
    env.renderString(
      '{% from "govuk/components/header/macro.njk" import govukHeader %}{{ govukHeader({ homepageUrl: "/" }) }}',
      {},
    ),
  ),
  footer: new SafeString(
    env.renderString(
      '{% from "govuk/components/footer/macro.njk" import govukFooter %}{{ govukFooter() }}',
      {},
    ),
  ),
});
env.addFilter('govukDate', (v: string | null | undefined) => govukDate(v));
env.addFilter('govukDateTime', (v: string | null | undefined) => govukDate(v, true));
env.addFilter('words', words);
// A form's errors ({field, text}) as the error summary lists them and as one field's message.
env.addFilter('errorList', (errors: { field: string; text: string }[]) =>
  errors.map((e) => ({ text: e.text, href: `#${e.field}` })),
);
env.addFilter('fieldError', (errors: { field: string; text: string }[] | undefined, field: string) => {
  const found = errors?.find((e) => e.field === field);
  return found ? { text: found.text } : undefined;
});
// The MoJ timeline formats its dates with this filter.
env.addFilter('mojDate', (v: string, type: string) => govukDate(v, type !== 'date' && type !== 'shortdate'));

/** The versions in asset URLs: a new release is a new URL, so assets may be cached for a year. */
const assetVersion = (require('govuk-frontend/package.json') as { version: string }).version;

/** A view rendered with exactly the context given (`render` adds the layout's; the pages bench's baseline uses this). */
export const renderView = (view: string, context: Record<string, unknown>): string =>
  env.render(view, context);

/** Renders a view with the layout's context (the nonce, who is signed in, the CSRF token). */
export function render(c: Context<WebEnv>, view: string, data: Record<string, unknown>, status = 200) {
  const html = env.render(view, {
    ...data,
    cspNonce: c.get('cspNonce'),
    principal: c.get('principal'),
    csrfToken: c.get('csrfToken'),
    assetVersion,
    currentPath: c.req.path,
  });
  return c.html(html, status as 200);
}
