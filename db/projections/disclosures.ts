import { createHash } from 'node:crypto';
import { type FieldClass, SHOWN } from '../../domain/disclosure/classes';
import {
  type StoredRequirementView,
  appointmentClassification,
  discloseRequirement,
  imposedClassification,
  proposedRequirementClassification,
} from '../../domain/disclosure/requirement';
import type { Role } from '../../domain/primitives';

// A requirement's view kept disclosed, as JSON text, for each distinct set of shown classes: written with the
// view, spliced into a read's answer unparsed (api/reads/queries/requirements.ts).

/** A set of shown classes by name: its classes sorted, space-separated. */
const nameOf = (shown: ReadonlySet<FieldClass>) => [...shown].sort().join(' ');

/** The distinct sets that see a requirement's view (a role shown nothing never reads one). */
const SETS = new Map([...Object.values(SHOWN)].filter((s) => s.size > 0).map((s) => [nameOf(s), s]));

/** How many texts a view is kept as, at most: one for each set. */
export const KEPT_SETS = SETS.size;

const SHOWN_NAME = Object.fromEntries(Object.entries(SHOWN).map(([role, s]) => [role, nameOf(s)])) as Record<
  Role,
  string
>;

/** The name of the set a role is shown, as `requirement_disclosures.shown` holds it. */
export const shownBy = (role: Role): string => SHOWN_NAME[role];

/**
 * What the kept texts were written by: the classifications and each role's shown classes, and the text's
 * form (raise FORM when `disclose` or the kept text's layout changes). A row of other rules is never served.
 */
const FORM = 1;
export const DISCLOSURE_RULES = createHash('sha256')
  .update(
    JSON.stringify({
      FORM,
      SHOWN_NAME,
      imposedClassification,
      proposedRequirementClassification,
      appointmentClassification,
    }),
  )
  .digest('base64url')
  .slice(0, 22);

/** One set's kept text, and where its trailing deadlines array starts (null: it has none). */
export interface KeptDisclosure {
  shown: string;
  text: string;
  deadlines_at: number | null;
}

/**
 * The view as each set discloses it. `disclose` writes fields in the classification's order, deadlines last,
 * so a text with deadlines ends with their array and the object's closing brace; a set whose deadlines were
 * not last would get no text (its reads disclose the view as they would without one).
 */
export function keptDisclosures(view: StoredRequirementView): KeptDisclosure[] {
  const stored = asStored(view) as StoredRequirementView;
  return [...SETS].flatMap(([shown, classes]): KeptDisclosure[] => {
    const disclosed = discloseRequirement(stored, classes) as Record<string, unknown>;
    const text = JSON.stringify(disclosed);
    const { deadlines } = disclosed;
    if (!Array.isArray(deadlines)) return [{ shown, text, deadlines_at: null }];
    if (Object.keys(disclosed).at(-1) !== 'deadlines') return [];
    return [{ shown, text, deadlines_at: text.length - 1 - JSON.stringify(deadlines).length }];
  });
}

/** jsonb's order of an object's keys: the shorter first, then by their UTF-8 bytes. */
function byStoredOrder(a: string, b: string): number {
  const [aBytes, bBytes] = [Buffer.byteLength(a), Buffer.byteLength(b)];
  if (aBytes !== bBytes) return aBytes - bBytes;
  // ASCII (as every field name of a view is): UTF-16 order is the bytes' order.
  if (aBytes === a.length && bBytes === b.length) return a < b ? -1 : a > b ? 1 : 0;
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Each shape's keys in jsonb's order, by the shape's keys as given (most objects of a view share a few). */
const storedOrder = new Map<string, string[]>();

function storedKeys(keys: string[]): string[] {
  const shape = keys.join('\u0000');
  let sorted = storedOrder.get(shape);
  if (!sorted) {
    if (storedOrder.size >= 1_000) storedOrder.clear();
    storedOrder.set(shape, (sorted = [...keys].sort(byStoredOrder)));
  }
  return sorted;
}

/**
 * The value as it reads back from a jsonb column: every object's keys in jsonb's order, undefined fields
 * dropped. A field disclosed whole keeps its value's own order, so a text kept from the view as the workflow
 * gave it would differ from what reading the stored view and disclosing it writes.
 */
function asStored(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asStored);
  if (value === null || typeof value !== 'object') return value;
  const given = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of storedKeys(Object.keys(given))) {
    const field = given[key];
    if (field !== undefined) out[key] = asStored(field);
  }
  return out;
}
