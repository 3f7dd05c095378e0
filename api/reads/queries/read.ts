import type { AccessRecord } from '../../env';

/** What a read found, and what it showed of which order or requirement: the access log's rows. */
export interface Read<T> {
  value: T;
  accessed: AccessRecord[];
}

export function readOf(resourceType: AccessRecord['resourceType'], resourceId: string, orderId: string) {
  return { action: 'READ', resourceType, resourceId, orderId } satisfies AccessRecord;
}

/** Records what a read showed in the request's access log, and gives back what it found. */
export function logged<T>(c: { get(key: 'accessed'): AccessRecord[] }, read: Read<T>): T {
  c.get('accessed').push(...read.accessed);
  return read.value;
}
