import { z } from 'zod';
import { AmendmentChange, OrderEnd, RequirementEnd } from '../../enums';
import { DeadlineKind } from '../../deadlines';
import { IdSchema, InstantSchema, LocalDateSchema } from '../../primitives';
import { RequirementTermsSchema } from '../../links';
import { AppealResult } from '../commands/lifecycle';

const at = InstantSchema;

export const InductionCompleted = z.object({
  type: z.literal('InductionCompleted'),
  at,
  completedOn: LocalDateSchema,
});

export const AmendmentApplied = z.object({
  type: z.literal('AmendmentApplied'),
  at,
  requirementId: IdSchema,
  change: AmendmentChange,
  effectiveOn: LocalDateSchema,
  newPeriodEnd: LocalDateSchema.nullable(),
  replacement: RequirementTermsSchema.nullable(),
});

/** CO end date, or SSO supervision period end: the bound of every open requirement moves. */
export const EndDateExtended = z.object({
  type: z.literal('EndDateExtended'),
  at,
  previousEndDate: LocalDateSchema,
  newEndDate: LocalDateSchema,
  onBreach: z.boolean(),
  requirementIds: z.array(IdSchema),
});

export const OperationalPeriodExtended = z.object({
  type: z.literal('OperationalPeriodExtended'),
  at,
  previousEndDate: LocalDateSchema,
  newEndDate: LocalDateSchema,
});

export const ResidenceChangePermitted = z.object({
  type: z.literal('ResidenceChangePermitted'),
  at,
  newHomeLocalJusticeArea: z.string(),
  permittedOn: LocalDateSchema,
});

export const HomeLocalJusticeAreaAmended = z.object({
  type: z.literal('HomeLocalJusticeAreaAmended'),
  at,
  newHomeLocalJusticeArea: z.string(),
  amendedOn: LocalDateSchema,
});

export const AppealLodged = z.object({ type: z.literal('AppealLodged'), at, lodgedOn: LocalDateSchema });

export const AppealDetermined = z.object({
  type: z.literal('AppealDetermined'),
  at,
  determinedOn: LocalDateSchema,
  result: AppealResult,
});

export const RequirementStatusRecorded = z.object({
  type: z.literal('RequirementStatusRecorded'),
  at,
  requirementId: IdSchema,
  status: z.string(),
  compliedWith: z.boolean(),
  ended: RequirementEnd.nullable(),
});

/** SSO: the community requirements end and only the operational period runs on. */
export const SupervisionEnded = z.object({
  type: z.literal('SupervisionEnded'),
  at,
  endedOn: LocalDateSchema,
  reason: z.enum(['SSO_SUPERVISION_ENDED', 'TERMINATED_ON_COMPLETION_BY_RO', 'REVOKED_GOOD_PROGRESS']),
  requirementIds: z.array(IdSchema),
});

/** R27: one of the order's other requirements complied with. */
export const OtherRequirementCompliedWith = z.object({
  type: z.literal('OtherRequirementCompliedWith'),
  at,
  otherRequirementId: IdSchema,
  compliedOn: LocalDateSchema,
  hoursDone: z.number().int().nullable(),
});

/** R27: the RO has specified a later date on which the order terminates on completion. */
export const TerminationScheduled = z.object({
  type: z.literal('TerminationScheduled'),
  at,
  terminationDate: LocalDateSchema,
});

/** R27: a scheduled termination no longer stands (something went wrong before its date). */
export const TerminationCancelled = z.object({
  type: z.literal('TerminationCancelled'),
  at,
  terminationDate: LocalDateSchema,
  reason: z.string(),
});

/** R32: an SSO's operational period ended; it stays open to activation for an offence committed within it. */
export const OperationalPeriodEnded = z.object({
  type: z.literal('OperationalPeriodEnded'),
  at,
  endedOn: LocalDateSchema,
});

/** R31: a CO's end date passed while breach proceedings begun before it are open. */
export const OrderExpiredProceedingsPending = z.object({
  type: z.literal('OrderExpiredProceedingsPending'),
  at,
  endDate: LocalDateSchema,
});

/** Every way an order ends; `requirementIds` are the requirements still open, which end with the order. */
export const OrderEnded = z.object({
  type: z.literal('OrderEnded'),
  at,
  endedOn: LocalDateSchema,
  reason: OrderEnd,
  requirementIds: z.array(IdSchema),
  detail: z.string().nullable(),
});

/** An obligation's due time passed without the action: raised once, for the worklist and notifications. */
export const DeadlineMissed = z.object({
  type: z.literal('DeadlineMissed'),
  at,
  kind: DeadlineKind,
  key: z.string(),
  subjectId: z.string().nullable(),
  dueAt: InstantSchema,
});
