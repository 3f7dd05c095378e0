import { z } from 'zod';
import { AmendmentChange, RequirementEnd, RevocationReason } from '../../enums';
import { RequirementTermsSchema } from '../../links';
import { CodeSchema, IdSchema, LocalDateSchema } from '../../primitives';

// The order after sentence: probation and the court act on it; requirements report to it.

const text = z.string().trim().min(1);

export const CompleteInduction = z
  .object({ type: z.literal('CompleteInduction'), completedOn: LocalDateSchema })
  .strict();

export const AmendRequirement = z
  .object({
    type: z.literal('AmendRequirement'),
    requirementId: IdSchema,
    change: AmendmentChange,
    /** Defaults to the day the amendment is recorded. */
    effectiveOn: LocalDateSchema.optional(),
    offenderWilling: z.boolean(),
    /** EXTEND_PERIOD: the new end of the last period. */
    newPeriodEnd: LocalDateSchema.optional(),
    /** REPLACE: the terms of the requirement of the same kind that replaces it. */
    replacement: RequirementTermsSchema.optional(),
  })
  .strict();

/** Sch 10 para 20: extension of a community order's end date on application (not on breach). */
export const ExtendEndDate = z
  .object({ type: z.literal('ExtendEndDate'), newEndDate: LocalDateSchema })
  .strict();

export const PermitResidenceChange = z
  .object({
    type: z.literal('PermitResidenceChange'),
    newHomeLocalJusticeArea: CodeSchema,
    permittedOn: LocalDateSchema,
  })
  .strict();

export const AmendHomeLocalJusticeArea = z
  .object({
    type: z.literal('AmendHomeLocalJusticeArea'),
    newHomeLocalJusticeArea: CodeSchema,
    amendedOn: LocalDateSchema,
  })
  .strict();

export const RecordAppeal = z.object({ type: z.literal('RecordAppeal'), lodgedOn: LocalDateSchema }).strict();

export const AppealResult = z.enum(['DISMISSED', 'ORDER_QUASHED', 'ORDER_VARIED']);

export const RecordAppealDetermined = z
  .object({ type: z.literal('RecordAppealDetermined'), determinedOn: LocalDateSchema, result: AppealResult })
  .strict();

export const RevokeOrder = z
  .object({
    type: z.literal('RevokeOrder'),
    reason: RevocationReason,
    /** Defaults to the day the revocation is recorded. */
    revokedOn: LocalDateSchema.optional(),
  })
  .strict();

export const TerminateOnCompletion = z
  .object({
    type: z.literal('TerminateOnCompletion'),
    terminationDate: LocalDateSchema,
    /** Para 15A(d): where there is a sentence plan, the RO considers its objectives met. */
    sentencePlanObjectivesMet: z.boolean().optional(),
  })
  .strict();

/** R27: probation records that one of the order's other requirements has been complied with. */
export const RecordOtherRequirementCompliance = z
  .object({
    type: z.literal('RecordOtherRequirementCompliance'),
    otherRequirementId: IdSchema,
    compliedOn: LocalDateSchema,
    /** Unpaid work: the hours worked, all of them (by default the hours required). */
    hoursDone: z.number().int().positive().optional(),
  })
  .strict();

export const RecordDeath = z.object({ type: z.literal('RecordDeath'), diedOn: LocalDateSchema }).strict();

export const RecordTransferOut = z
  .object({
    type: z.literal('RecordTransferOut'),
    jurisdiction: z.enum(['SCOTLAND', 'NORTHERN_IRELAND']),
    transferredOn: LocalDateSchema,
  })
  .strict();

/** An SSO activated on conviction for a further offence during the operational period. */
export const ActivateSuspendedSentence = z
  .object({
    type: z.literal('ActivateSuspendedSentence'),
    activatedOn: LocalDateSchema,
    /** R32: when the further offence was committed: within the operational period. */
    offenceDate: LocalDateSchema.optional(),
    /** R32: when the person was convicted of it (possibly after the operational period ended). */
    convictionDate: LocalDateSchema.optional(),
    reducedTermMonths: z.number().positive().optional(),
  })
  .strict();

/** RequirementToOrder 'RequirementStatusChanged'. */
export const RecordRequirementStatus = z
  .object({
    type: z.literal('RecordRequirementStatus'),
    requirementId: IdSchema,
    status: text,
    compliedWith: z.boolean(),
    ended: RequirementEnd.optional(),
  })
  .strict();

/** RequirementToOrder 'OrderRevokedAtReview': a DRR review court revoked the order (offender unwilling). */
export const RecordRevocationAtReview = z
  .object({
    type: z.literal('RecordRevocationAtReview'),
    requirementId: IdSchema,
    reviewId: IdSchema,
    revokedOn: LocalDateSchema,
  })
  .strict();
