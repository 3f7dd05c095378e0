import { z } from 'zod';
import { OrderType, OtherRequirementType, SentenceOutcome } from '../../enums';
import { RequirementTermsSchema, ReviewProvisionSchema } from '../../links';
import { IdSchema, LocalDateSchema, TextSchema } from '../../primitives';

// POST /v1/orders/{orderId}/sentence. Which fields an outcome needs is checked by the decision, so that a
// missing one answers 422 with its pointer rather than a schema error.

/**
 * A DRR's review provision as the court makes it: reviews at hearings the person must attend (R11), so mode
 * and attendance may be left out; anything else is refused by the decision, naming the field.
 */
export const SentencedReviewSchema = ReviewProvisionSchema.extend({
  mode: ReviewProvisionSchema.shape.mode.optional(),
  offenderMustAttend: ReviewProvisionSchema.shape.offenderMustAttend.optional(),
}).strict();

export const SentencedRequirementSchema = z
  .object({
    requirementId: IdSchema,
    ...RequirementTermsSchema.shape,
    review: SentencedReviewSchema.optional(),
  })
  .strict();
export type SentencedRequirement = z.infer<typeof SentencedRequirementSchema>;

/** §5.4a: a non-CSTR requirement of the order: unpaid work with its hours, a rehabilitation activity its days. */
export const OtherRequirementSchema = z
  .object({
    type: OtherRequirementType,
    hours: z.number().int().positive().optional(),
    days: z.number().int().positive().optional(),
  })
  .strict();
export type SentencedOtherRequirement = z.infer<typeof OtherRequirementSchema>;

export const RecordSentence = z
  .object({
    type: z.literal('RecordSentence'),
    outcome: SentenceOutcome,
    orderType: OrderType.optional(),
    sentenceDate: LocalDateSchema.optional(),
    /** R1: when the person was convicted; by default the case's, else the sentence date. */
    convictionDate: LocalDateSchema.optional(),
    /** Community order: the date by which every requirement must be complied with. */
    endDate: LocalDateSchema.optional(),
    custodialTermMonths: z.number().positive().optional(),
    operationalPeriodMonths: z.number().int().positive().optional(),
    supervisionPeriodMonths: z.number().int().positive().optional(),
    requirements: z.array(SentencedRequirementSchema).min(1).optional(),
    /** R19, R27: the order's other requirements, recorded (not run) so that the rules can count them. */
    otherRequirements: z.array(OtherRequirementSchema).max(20).optional(),
    /** ADJOURNED: when the court sits again. */
    nextHearingDate: LocalDateSchema.optional(),
    /** Any outcome other than a CSTR: why, for the conversion KPI. */
    reason: TextSchema.optional(),
  })
  .strict();
export type RecordSentence = z.infer<typeof RecordSentence>;
