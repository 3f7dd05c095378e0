import type { Deadline } from './deadlines';
import type { OrderEvent } from './order';
import type { CaseRole } from './primitives';
import type { RequirementEvent } from './requirement';

/** Where an aggregate's notifications go: the supervising PDU, the court, and the treating provider. */
export interface Recipients {
  orderId: string;
  requirementId: string | null;
  pdu: string;
  courtCode: string;
  providerOrgId: string | null;
}

/**
 * A message for a party; `dueAt` is when the thing it concerns is due (for a review: the hearing date). Data minimisation: flags, ids and dates only — never names,
 * clinical notes, test content or offence details; the recipient reads those through the API, which logs it.
 */
export interface PlannedNotification {
  kind: string;
  recipientRole: CaseRole;
  recipientOrg: string;
  payload: {
    orderId: string;
    requirementId: string | null;
    subjectId: string | null;
    dueAt?: string;
    flags?: string[];
  };
}

type Plan = Omit<PlannedNotification, 'payload'> & {
  subjectId?: string | null;
  dueAt?: string;
  flags?: string[];
};

function plan(to: Recipients, items: Array<Plan | null | false>): PlannedNotification[] {
  return items
    .filter((p): p is Plan => Boolean(p) && (p as Plan).recipientOrg !== '')
    .map(({ subjectId, dueAt, flags, ...p }) => ({
      ...p,
      payload: {
        orderId: to.orderId,
        requirementId: to.requirementId,
        subjectId: subjectId ?? null,
        ...(dueAt ? { dueAt } : {}),
        ...(flags && flags.length > 0 ? { flags } : {}),
      },
    }));
}

const probation = (to: Recipients, kind: string, extra: Partial<Plan> = {}): Plan => ({
  kind,
  recipientRole: 'probation',
  recipientOrg: to.pdu,
  ...extra,
});

const provider = (
  to: Recipients,
  kind: string,
  org: string | null,
  extra: Partial<Plan> = {},
): Plan | null => (org ? { kind, recipientRole: 'provider', recipientOrg: org, ...extra } : null);

const FAILED_OUTCOMES = new Set(['FAILED_TO_ATTEND', 'ATTENDED_FAILED_TO_COMPLY', 'SENT_HOME_BEHAVIOUR']);

export function orderNotifications(event: OrderEvent, to: Recipients): PlannedNotification[] {
  switch (event.type) {
    case 'AssessmentRequested':
      return plan(to, [
        provider(to, 'ASSESSMENT_REQUESTED', event.providerOrgId, { subjectId: event.requirementId }),
      ]);
    case 'IncidentRecorded':
      return plan(to, [probation(to, 'COMPLIANCE_DECISION_REQUIRED', { subjectId: event.incidentId })]);
    case 'ReferredToEnforcementOfficer':
      return plan(to, [
        {
          kind: 'ENFORCEMENT_REFERRAL',
          recipientRole: 'enforcement',
          recipientOrg: to.pdu,
          subjectId: event.referralId,
        },
      ]);
    case 'InformationLaid':
      return plan(to, [
        probation(to, 'BREACH_PROCEEDINGS', { subjectId: event.proceedingId }),
        {
          kind: 'BREACH_PROCEEDINGS',
          recipientRole: 'court',
          recipientOrg: event.courtCode,
          subjectId: event.proceedingId,
        },
      ]);
    case 'DeadlineMissed':
      return plan(to, [
        probation(to, `DEADLINE_MISSED_${event.kind}`, { subjectId: event.subjectId, dueAt: event.dueAt }),
      ]);
    case 'OrderEnded':
      return plan(to, [probation(to, 'ORDER_ENDED', { flags: [event.reason] })]);
    default:
      return [];
  }
}

export function requirementNotifications(event: RequirementEvent, to: Recipients): PlannedNotification[] {
  switch (event.type) {
    case 'ReferredToProvider':
      return plan(to, [provider(to, 'REFERRAL_MADE', event.providerOrgId)]);
    case 'OutcomeRecorded': {
      const flags = [
        FAILED_OUTCOMES.has(event.outcome) ? event.outcome : null,
        event.behaviourConcern ? 'BEHAVIOUR_CONCERN' : null,
        event.riskConcern ? 'RISK_CONCERN' : null,
      ].filter((f): f is string => f !== null);
      const kind = event.outcome === 'FAILED_TO_ATTEND' ? 'MISSED_APPOINTMENT' : 'SESSION_CONCERN';
      return flags.length > 0
        ? plan(to, [probation(to, kind, { subjectId: event.appointmentId, flags })])
        : [];
    }
    case 'SampleRecorded':
      return event.status === 'COLLECTED'
        ? []
        : plan(to, [
            probation(to, 'SAMPLE_NOT_OBTAINED', { subjectId: event.testId, flags: [event.status] }),
          ]);
    case 'TestResultRecorded':
      return event.recordedByResponsibleOfficer
        ? []
        : plan(to, [probation(to, 'TEST_RESULT_AVAILABLE', { subjectId: event.testId })]);
    case 'FirstAppointmentSlaMissed':
      return plan(to, [probation(to, 'FIRST_APPOINTMENT_NOT_BOOKED_IN_TIME', { dueAt: event.dueAt })]);
    case 'ReviewScheduled':
      return plan(to, [
        probation(to, 'REVIEW_REPORT_REQUESTED', { subjectId: event.reviewId, dueAt: event.date }),
        provider(to, 'REVIEW_VIEWS_REQUESTED', to.providerOrgId, {
          subjectId: event.reviewId,
          dueAt: event.date,
        }),
      ]);
    case 'ReviewReportOverdue':
      return plan(to, [probation(to, 'REVIEW_REPORT_OVERDUE', { subjectId: event.reviewId })]);
    case 'PractitionerReportSubmitted':
      return plan(to, [
        probation(to, 'PRACTITIONER_REPORT_RECEIVED', { subjectId: event.reportId, flags: [event.opinion] }),
      ]);
    case 'ResponsibleOfficerNotifiedOfPlaceChange':
      return plan(to, [probation(to, 'TREATMENT_PLACE_CHANGED')]);
    case 'RequirementEnded':
      return plan(to, [provider(to, 'REQUIREMENT_ENDED', to.providerOrgId, { flags: [event.ended] })]);
    case 'OutcomeOverdue':
      return plan(to, [
        provider(to, 'OUTCOME_OVERDUE', to.providerOrgId, { subjectId: event.appointmentId }),
      ]);
    default:
      return [];
  }
}

/** The organisation whose role must act on a deadline, for the worklist's scope. */
export function deadlineOrg(deadline: Deadline, to: Recipients): string {
  switch (deadline.role) {
    case 'probation':
    case 'enforcement':
      return to.pdu;
    case 'court':
    case 'court-assessor':
      return to.courtCode;
    case 'provider':
      return to.providerOrgId ?? '';
  }
}
