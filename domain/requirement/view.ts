import { instantMs } from '../calendar';
import { DEFAULT_CONFIG, type DomainConfig } from '../config';
import { isAttended } from './rules/attendance';
import {
  type ImposedRequirement,
  isCompliedWith,
  isRequirementTerminal,
  type RequirementState,
} from './state';
import { progressOf } from './rules/progress';
import { testingFloor } from './rules/testing-floor';
import { openTimers } from './time/timers';

/** The finer status for display: the lifecycle plus what runs alongside it (an amendment, an admission, …). */
export function displayStatus(s: ImposedRequirement): string {
  if (isRequirementTerminal(s)) return s.status;
  if (s.amendmentPending) return 'AMENDMENT_PENDING';
  if (s.admittedOn !== null)
    return s.imposition.type === 'MHTR' ? 'IN_PATIENT_ADMITTED' : 'RESIDENTIAL_PHASE';
  if (s.clinicallyCompletedOn !== null) return 'CLINICALLY_COMPLETE';
  if (s.status === 'IN_TREATMENT' && s.imposition.type === 'DRR') return 'IN_TREATMENT_AND_TESTING';
  return s.status;
}

/** Where a missed appointment, test or hearing stands with the responsible officer. */
function absenceOf(s: ImposedRequirement, incidentId: string | null): string | null {
  const incident = incidentId === null ? undefined : s.incidents[incidentId];
  if (!incident) return null;
  if (incident.decision === 'ACCEPTABLE') return 'ACCEPTABLE_ABSENCE';
  if (incident.decision === 'UNACCEPTABLE') return 'UNACCEPTABLE_ABSENCE';
  return s.fired[`evidence:${incident.id}`] ? 'ABSENCE_PENDING_DECISION' : 'PENDING_EVIDENCE';
}

/** The plain JSON the requirement workflow returns after each command and answers queries with. */
export function requirementView(state: RequirementState, config: DomainConfig = DEFAULT_CONFIG) {
  if (state.status === 'NOT_IMPOSED') return { status: 'NOT_IMPOSED' as const };
  const s = state;
  const { imposition } = s;
  return {
    requirementId: imposition.requirementId,
    orderId: imposition.orderId,
    type: imposition.type,
    mode: imposition.mode,
    status: s.status,
    displayStatus: displayStatus(s),
    ended: s.ended,
    compliedWith: isCompliedWith(s.ended),
    sentenceDate: imposition.sentenceDate,
    orderEndDate: imposition.orderEndDate,
    periods: imposition.periods,
    terms: {
      treatmentDirector: imposition.treatmentDirector ?? null,
      place: s.treatmentPlace,
      intervals: imposition.intervals ?? null,
      practitioner: imposition.practitioner ?? null,
      careLevel: imposition.careLevel ?? null,
      review: imposition.review ?? null,
    },
    notices: s.notices,
    providerOrgId: s.providerOrgId,
    allocatedPractitioner: s.allocatedPractitioner,
    firstAttendedAt: s.firstAttendedAt,
    clinicallyCompletedOn: s.clinicallyCompletedOn,
    admittedOn: s.admittedOn,
    amendmentPending: s.amendmentPending,
    reviewMode: s.reviewMode,
    appointments: Object.values(s.appointments)
      .sort((a, b) => instantMs(a.start) - instantMs(b.start))
      .map((a) => ({ ...a, attended: isAttended(a.outcome), absence: absenceOf(s, a.incidentId) })),
    drugTests: Object.values(s.drugTests)
      .sort((a, b) => instantMs(a.dueAt) - instantMs(b.dueAt))
      .map((t) => ({ ...t, absence: absenceOf(s, t.incidentId) })),
    reviews: Object.values(s.reviews)
      .sort((a, b) => a.date.localeCompare(b.date))
      .map((r) => ({ ...r, absence: absenceOf(s, r.incidentId) })),
    incidents: Object.values(s.incidents).sort((a, b) => instantMs(a.occurredAt) - instantMs(b.occurredAt)),
    progress: progressOf(s),
    testing: testingFloor(s, config),
    /** What is due, and what is overdue: an obligation whose deadline has passed and fired. */
    deadlines: openTimers(s, config).map(({ kind, dueAt, role, subjectId, description, key }) => ({
      kind,
      dueAt,
      role,
      subjectId,
      description,
      overdue: s.fired[key] === true,
    })),
  };
}
export type RequirementView = ReturnType<typeof requirementView>;
