import type { Role } from '../../domain/primitives';
import { govukDate, words } from '../render';
import { type About, REQUIREMENT_NAMES, type RequirementDateField, commandOf, forms } from './definitions';

/** A requirement's statuses once it has ended. */
const REQUIREMENT_ENDED: readonly string[] = ['COMPLETED', 'TERMINATED'];

interface Scheduled {
  id?: string;
  status?: string;
  start?: string;
  date?: string;
  dueAt?: string;
}

/** The records of a requirement a form's path names by id, and the list they are in. */
const RECORD_LISTS = {
  '{appointmentId}': 'appointments',
  '{reviewId}': 'reviews',
  '{testId}': 'drugTests',
} as const;

/** Where a practitioner report's application to court stands (R24): awaited, made, or none pending. */
const applicationStage = (pending: { appliedToCourtOn?: string | null } | null | undefined) =>
  !pending ? null : pending.appliedToCourtOn ? 'made' : 'awaited';

/**
 * The forms a role may use on a requirement of its type: those on the requirement itself, in the status and
 * mode each is for and while it is not done; and those on each appointment, review or drug test in a status
 * the form is for (scheduled, unless it says otherwise). The domain decides whether it is the moment for
 * them; a form sent too early is refused there.
 */
export function formLinks(
  role: Role,
  requirementId: string,
  records: {
    type?: string;
    status?: string | null;
    mode?: string | null;
    amendmentPending?: { appliedToCourtOn?: string | null } | null;
  } & Partial<Record<RequirementDateField, string | null>> &
    Partial<Record<(typeof RECORD_LISTS)[keyof typeof RECORD_LISTS], readonly Scheduled[] | null>>,
) {
  const allowed = forms.filter(
    (f) =>
      commandOf(f).path.startsWith('/v1/requirements/') &&
      commandOf(f).roles.includes(role) &&
      (!f.requirementTypes || f.requirementTypes.some((t) => t === records.type)) &&
      (!f.requirementStatuses || f.requirementStatuses.some((s) => s === records.status)) &&
      (!f.requirementModes || f.requirementModes.some((m) => m === records.mode)) &&
      (!f.requirementWith || records[f.requirementWith]) &&
      !(f.requirementUntil && records[f.requirementUntil]) &&
      (!f.application || f.application === applicationStage(records.amendmentPending)),
  );
  const base = `/requirements/${requirementId}`;
  return allowed.flatMap((f) => {
    const path = commandOf(f).path;
    const href = path.replace(/^\/v1\/requirements\/\{requirementId\}/, base);
    const pathParam = (Object.keys(RECORD_LISTS) as (keyof typeof RECORD_LISTS)[]).find((p) =>
      path.includes(p),
    );
    if (!pathParam) return [{ text: f.title, href }];
    const statuses = f.recordStatuses ?? ['SCHEDULED'];
    return (records[RECORD_LISTS[pathParam]] ?? [])
      .filter((a) => a.id && a.status && statuses.includes(a.status))
      .map((a) => ({
        text: `${f.title}: ${a.start || a.dueAt ? govukDate(a.start ?? a.dueAt, true) : govukDate(a.date)}`,
        href: href.replace(pathParam, a.id!),
      }));
  });
}

/**
 * The forms a role may use on the order itself, while it is in a status each is for and each is not yet done:
 * of an order type the form is for, and with or without an appeal pending as the form needs.
 */
export function orderFormLinks(
  role: Role,
  orderId: string,
  {
    status,
    order,
    requirementDetails,
  }: {
    status?: string | null;
    order?:
      | ({ orderType?: string; appealPending?: boolean } & Partial<Record<'inductionCompletedOn', unknown>>)
      | null;
    requirementDetails?: readonly { id: string; type: string; status: string; stage: string }[];
  },
) {
  const running = (requirementDetails ?? []).filter(
    (r) => r.stage === 'SENTENCED' && !REQUIREMENT_ENDED.includes(r.status),
  );
  return forms
    .filter(
      (f) =>
        f.onCase &&
        !f.about &&
        status &&
        f.onCase.includes(status) &&
        !(f.onCaseUntil && order?.[f.onCaseUntil]) &&
        commandOf(f).roles.includes(role) &&
        (!f.orderTypes || f.orderTypes.some((t) => t === order?.orderType)) &&
        (f.appealPending === undefined || f.appealPending === Boolean(order?.appealPending)),
    )
    .flatMap((f) => {
      const href = commandOf(f).path.replace(/^\/v1\/orders\/\{orderId\}/, `/cases/${orderId}`);
      if (!f.perRequirement) return [{ text: f.title, href }];
      return running.map((r) => ({
        text: `${f.title}: ${REQUIREMENT_NAMES[r.type] ?? r.type}`,
        href: `${href}?requirementId=${encodeURIComponent(r.id)}`,
      }));
    });
}

interface ComplianceRecord {
  status?: string;
  source?: string;
  occurredAt?: string;
  referredOn?: string;
  informationLaidOn?: string;
  referralMandatory?: boolean;
  /** An other requirement's type. */
  type?: string;
  [id: string]: unknown;
}

/** What a record is called in a link to a form about it. */
function recordName(record: ComplianceRecord): string {
  if (record.source) return `${words(record.source).toLowerCase()} ${govukDate(record.occurredAt, true)}`;
  if (record.referredOn) return `referral of ${govukDate(record.referredOn)}`;
  if (record.type) return words(String(record.type)).toLowerCase();
  return `information laid ${govukDate(record.informationLaidOn)}`;
}

/**
 * The forms a role may use on a case: one link per record (of its compliance lists, or another requirement)
 * each form is about, while the record (and the order, where the form says) is in one of the statuses the
 * form is for. The id goes in the path
 * where the command's path names it, else in the query for the form's hidden field.
 */
export function caseFormLinks(
  role: Role,
  orderId: string,
  order: {
    status?: string | null;
    compliance?: Partial<Record<About['list'], readonly ComplianceRecord[] | null>> | null;
    order?: { otherRequirements?: readonly ComplianceRecord[] | null } | null;
  },
) {
  const { status } = order;
  const records = { ...order.compliance, otherRequirements: order.order?.otherRequirements };
  return forms.flatMap((f) => {
    const about = f.about;
    if (!about || !commandOf(f).roles.includes(role)) return [];
    if (f.onCase && !(status && f.onCase.includes(status))) return [];
    const path = commandOf(f).path.replace(/^\/v1\/orders\/\{orderId\}/, `/cases/${orderId}`);
    return (records[about.list] ?? [])
      .filter(
        (r) =>
          (!about.statuses || (r.status && about.statuses.includes(r.status))) &&
          !(about.unless && r[about.unless]),
      )
      .map((r) => {
        const id = String(r[about.id]);
        const pathParam = `{${about.id}}`;
        const href = path.includes(pathParam)
          ? path.replace(pathParam, id)
          : `${path}?${about.id}=${encodeURIComponent(id)}`;
        return { text: `${f.title}: ${recordName(r)}`, href };
      });
  });
}
