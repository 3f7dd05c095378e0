import { addWorkingDays, type Instant, londonDate } from '../../calendar';
import type { DecideContext, Decision } from '../../core';
import type { IncidentSource, RequirementEnd } from '../../enums';
import type { EventOf, RequirementEvent } from '../events';
import { outstanding } from '../rules/outstanding';
import type { ImposedRequirement } from '../state';

export type RequirementDecision = Decision<RequirementEvent>;

export function stampOf(s: ImposedRequirement, at: Instant) {
  return { requirementId: s.imposition.requirementId, at };
}

export function incidentRaised(
  s: ImposedRequirement,
  ctx: DecideContext,
  source: IncidentSource,
  subjectId: string,
  occurredAt: Instant,
): EventOf<'IncidentRaised'> {
  const evidenceWindowEndsOn = addWorkingDays(
    londonDate(occurredAt),
    ctx.config.absenceEvidenceWorkingDays,
    ctx.config,
  );
  return {
    type: 'IncidentRaised',
    ...stampOf(s, ctx.now),
    incidentId: ctx.newId(),
    source,
    subjectId,
    occurredAt,
    evidenceWindowEndsOn,
  };
}

/** The ending, withdrawing whatever is still to happen except `settled` (an item being dealt with now). */
export function requirementEnded(
  s: ImposedRequirement,
  at: Instant,
  ended: RequirementEnd,
  settled: string | null = null,
): EventOf<'RequirementEnded'> {
  const { appointmentIds, testIds, reviewIds } = outstanding(s);
  const keep = (id: string) => id !== settled;
  const withdrawn = {
    appointmentIds: appointmentIds.filter(keep),
    testIds: testIds.filter(keep),
    reviewIds: reviewIds.filter(keep),
  };
  return { type: 'RequirementEnded', ...stampOf(s, at), ended, withdrawn };
}

/** Where appointments and tests may be booked: accepted by the provider and not yet ended. */
export function isDelivering(s: ImposedRequirement): boolean {
  return (
    s.status === 'AWAITING_START' ||
    s.status === 'IN_TREATMENT' ||
    (s.status === 'ALLOCATED' && s.imposition.type === 'MHTR')
  );
}

/** Complied with at the end of the period, unless treatment never began. */
export function endAtPeriodEnd(s: ImposedRequirement): RequirementEnd {
  return s.status === 'IN_TREATMENT' ? 'COMPLETED' : 'EXPIRED_INCOMPLETE';
}
