import { type SelectQueryBuilder, sql } from 'kysely';
import { z } from 'zod';
import { problems } from '../problem';

export const PageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
};

export function encodeCursor(value: string): string {
  return Buffer.from(value, 'utf8').toString('base64url');
}

/** What a cursor may point after: a row's id (a uuid), or an event's sequence number (a bigint). */
const CURSOR_KEYS = {
  id: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  seq: /^[1-9][0-9]{0,17}$/,
};

/** The key a cursor points after; anything this API could not have given out is a 400, before it reaches SQL. */
export function decodeCursor(cursor: string | undefined, key: keyof typeof CURSOR_KEYS): string | undefined {
  if (cursor === undefined) return undefined;
  const value = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!CURSOR_KEYS[key].test(value)) {
    throw problems.malformed('The cursor is not one this API gave out.', [
      { pointer: '/query/cursor', detail: 'invalid' },
    ]);
  }
  return value;
}

/** `{ items, nextCursor }`: a page, and where the next one starts (null on the last page). */
export function page<T>(rows: T[], limit: number, keyOf: (row: T) => string) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}

export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item).describe('This page’s items.'),
    nextCursor: z.string().nullable().describe('Send as `cursor` for the next page; null on the last page.'),
  });

/** Runs a list query a page at a time in the order of its rows' ids, from where the cursor points. */
export async function pageById<DB, TB extends keyof DB, O extends { id: string }>(
  query: SelectQueryBuilder<DB, TB, O>,
  q: { limit: number; cursor?: string | undefined },
) {
  const after = decodeCursor(q.cursor, 'id');
  const ordered = query.orderBy(sql`id`).limit(q.limit + 1);
  const rows = await (after ? ordered.where(sql<boolean>`id > ${after}`) : ordered).execute();
  return page(rows, q.limit, (r) => r.id);
}
