import type { SubjectAccessExport } from '../../api/reads/queries/subject-access';
import { govukDate, words } from '../render';

// The subject access export as a readable document (the PDF of `…/subject-access.pdf`): the same records as
// the JSON, each record a row and its fields written out, so that nothing held is left out of the copy.

type Value = unknown;

/** A record's fields as "name: value" lines, nested fields by their path; ids and times as they are. */
export function fieldsOf(record: Value, prefix = ''): string[] {
  if (record === null || record === undefined || record === '') return [];
  if (Array.isArray(record)) {
    if (record.every((v) => v === null || typeof v !== 'object'))
      return record.length === 0 ? [] : [`${prefix}: ${record.join(', ')}`];
    return record.flatMap((v, i) => fieldsOf(v, `${prefix}[${i + 1}]`));
  }
  if (typeof record === 'object')
    return Object.entries(record as Record<string, Value>).flatMap(([k, v]) =>
      fieldsOf(v, prefix ? `${prefix}.${k}` : k),
    );
  return [`${prefix}: ${typeof record === 'string' ? record : JSON.stringify(record)}`];
}

const when = (instant: string | null) => (instant ? govukDate(instant, true) : '');
const party = (p: { role: string; org: string }) => `${p.role} (${p.org})`;
const omit = (record: Record<string, Value>, ...keys: string[]) =>
  Object.fromEntries(Object.entries(record).filter(([k]) => !keys.includes(k)));

const REQUIREMENT_RECORDS = [
  ['appointments', 'Appointments'],
  ['drugTests', 'Drug tests'],
  ['reviews', 'Reviews'],
  ['incidents', 'Compliance incidents'],
] as const;

export function subjectAccessDocument(e: SubjectAccessExport) {
  const name = `${e.subject.givenName} ${e.subject.familyName}`;
  return {
    title: `Records held about ${name}`,
    subject: [
      ['Name', name],
      ['Date of birth', govukDate(e.subject.dateOfBirth)],
      ['Case reference number (CRN)', e.subject.crn ?? 'None recorded'],
      ['Request', e.purpose],
      ['Made', when(e.generatedAt)],
    ],
    orders: e.orders.map((o) => {
      const view = o.order as unknown as Record<string, Value>;
      return {
        orderId: o.orderId,
        status: typeof view.status === 'string' ? words(view.status) : '',
        order: fieldsOf(omit(view, 'requirements', 'proposedRequirements')),
        requirements: o.requirements.map((r) => {
          const detail = r.detail as unknown as Record<string, Value>;
          return {
            heading: `${r.type} requirement ${r.id}: ${words(r.status)}`,
            fields: fieldsOf(omit(detail, ...REQUIREMENT_RECORDS.map(([k]) => k))),
            records: REQUIREMENT_RECORDS.map(([key, label]) => ({
              label,
              rows: ((detail[key] as Value[] | undefined) ?? []).map((item) => fieldsOf(item).join('; ')),
            })),
          };
        }),
        events: o.events.map((ev) => [
          when(ev.occurredAt),
          ev.type,
          party(ev.actor),
          fieldsOf(omit(ev.payload, 'type', 'at')).join('; '),
        ]),
        notifications: o.notifications.map((n) => [
          when(n.createdAt),
          words(n.kind),
          party(n.recipient),
          n.deliveredAt ? when(n.deliveredAt) : 'Not delivered',
        ]),
        accessLog: o.accessLog.map((a) => [
          when(a.at),
          party(a.actor),
          `${a.action === 'READ' ? 'Read' : 'Changed'} ${a.resourceType} ${a.resourceId}`,
          a.purpose,
        ]),
      };
    }),
  };
}
