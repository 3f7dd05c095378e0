import { z } from 'zod';
import { AmendmentChange, OrderEnd, RequirementEnd } from '../../enums';
import { DeadlineKind } from '../../deadlines';
import { IdSchema, InstantSchema, LocalDateSchema } from '../../primitives';
import { event } from './shape';
import { RequirementTermsSchema } from '../../links';
import { AppealResult } from '../commands/lifecycle';

export const InductionCompleted = event('InductionCompleted', {
  completedOn: LocalDateSchema,
});

export const AmendmentApplied = event('AmendmentApplied', {
  requirementId: IdSchema,
  change: AmendmentChange,
  effectiveOn: LocalDateSchema,
  newPeriodEnd: LocalDateSchema.nullable(),
  replacement: RequirementTermsSchema.nullable(),
});

/** CO end date, or SSO supervision period end: the bound of every open requirement moves. */
export const EndDateExtended = event('EndDateExtended', {
  previousEndDate: LocalDateSchema,
  newEndDate: LocalDateSchema,
  onBreach: z.boolean(),
  requirementIds: z.array(IdSchema),
});

export const OperationalPeriodExtended = event('OperationalPeriodExtended', {
  previousEndDate: LocalDateSchema,
  newEndDate: LocalDateSchema,
});

export const ResidenceChangePermitted = event('ResidenceChangePermitted', {
  newHomeLocalJusticeArea: z.string(),
  permittedOn: LocalDateSchema,
});

export const HomeLocalJusticeAreaAmended = event('HomeLocalJusticeAreaAmended', {
  newHomeLocalJusticeArea: z.string(),
  amendedOn: LocalDateSchema,
});

export const AppealLodged = event('AppealLodged', { lodgedOn: LocalDateSchema });

export const AppealDetermined = event('AppealDetermined', {
  determinedOn: LocalDateSchema,
  result: AppealResult,
});

export const RequirementStatusRecorded = event('RequirementStatusRecorded', {
  requirementId: IdSchema,
  status: z.string(),
  compliedWith: z.boolean(),
  ended: RequirementEnd.nullable(),
});

/** SSO: the community requirements end and only the operational period runs on. */
export const SupervisionEnded = event('SupervisionEnded', {
  endedOn: LocalDateSchema,
  reason: z.enum(['SSO_SUPERVISION_ENDED', 'TERMINATED_ON_COMPLETION_BY_RO', 'REVOKED_GOOD_PROGRESS']),
  requirementIds: z.array(IdSchema),
});

/** R27: one of the order's other requirements complied with. */
export const OtherRequirementCompliedWith = event('OtherRequirementCompliedWith', {
  otherRequirementId: IdSchema,
  compliedOn: LocalDateSchema,
  hoursDone: z.number().int().nullable(),
});

/** R27: the RO has specified a later date on which the order terminates on completion. */
export const TerminationScheduled = event('TerminationScheduled', {
  terminationDate: LocalDateSchema,
});

/** R27: a scheduled termination no longer stands (something went wrong before its date). */
export const TerminationCancelled = event('TerminationCancelled', {
  terminationDate: LocalDateSchema,
  reason: z.string(),
});

/** R32: an SSO's operational period ended; it stays open to activation for an offence committed within it. */
export const OperationalPeriodEnded = event('OperationalPeriodEnded', {
  endedOn: LocalDateSchema,
});

/** R31: a CO's end date passed while breach proceedings begun before it are open. */
export const OrderExpiredProceedingsPending = event('OrderExpiredProceedingsPending', {
  endDate: LocalDateSchema,
});

/** Every way an order ends; `requirementIds` are the requirements still open, which end with the order. */
export const OrderEnded = event('OrderEnded', {
  endedOn: LocalDateSchema,
  reason: OrderEnd,
  requirementIds: z.array(IdSchema),
  detail: z.string().nullable(),
});

/** An obligation's due time passed without the action: raised once, for the worklist and notifications. */
export const DeadlineMissed = event('DeadlineMissed', {
  kind: DeadlineKind,
  key: z.string(),
  subjectId: z.string().nullable(),
  dueAt: InstantSchema,
});
