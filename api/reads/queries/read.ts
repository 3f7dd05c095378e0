import type { AccessRecord } from '../../env';

/** What a read found, and what it showed of which order or requirement: the access log's rows. */
export interface Read<T> {
  value: T;
  accessed: AccessRecord[];
}

export function readOf(resourceType: AccessRecord['resourceType'], resourceId: string, orderId: string) {
  return { action: 'READ', resourceType, resourceId, orderId } satisfies AccessRecord;
}

/** A page of rows as the caller sees them (`{ items, nextCursor }`), and the access-log row of each. */
export function pageRead<Row, Item>(
  rows: { items: Row[]; nextCursor: string | null },
  item: (row: Row) => Item,
  accessed: (row: Row) => AccessRecord,
): Read<{ items: Item[]; nextCursor: string | null }> {
  return {
    value: { items: rows.items.map(item), nextCursor: rows.nextCursor },
    accessed: rows.items.map(accessed),
  };
}

/** Records what a read showed in the request's access log, and gives back what it found. */
export function logged<T>(c: { get(key: 'accessed'): AccessRecord[] }, read: Read<T>): T {
  c.get('accessed').push(...read.accessed);
  return read.value;
}
