import { z } from 'zod';
import {
  AmendmentChange,
  CourtType,
  IncidentDecision,
  IncidentSource,
  MhtrCareLevel,
  OrderEnd,
  OrderType,
  RequirementEnd,
  RequirementMode,
  RequirementType,
  ReviewMode,
} from './enums';
import { IdSchema, InstantSchema, LocalDateSchema, NameSchema, PeriodSchema, TextSchema } from './primitives';

// What the order and its requirements tell each other. The order workflow starts one requirement workflow
// per imposition; afterwards they exchange these messages as signals, and each side turns a message it
// receives into a command of its own aggregate.

export const ReviewProvisionSchema = z.object({
  firstReviewDate: LocalDateSchema,
  intervalMonths: z.number().int().min(1),
  mode: ReviewMode,
  offenderMustAttend: z.boolean(),
});

/** The terms the court sets for a requirement at sentence, and replaces whole by amendment (R28). */
export const RequirementTermsSchema = z
  .object({
    mode: RequirementMode,
    periods: z.array(PeriodSchema.strict()).min(1),
    treatmentDirector: NameSchema.optional(),
    place: NameSchema.optional(),
    intervals: TextSchema.optional(),
    practitioner: NameSchema.optional(),
  })
  .strict();
export type RequirementTerms = z.infer<typeof RequirementTermsSchema>;

/** Everything a requirement needs to run, fixed by the sentence. */
export const RequirementImpositionSchema = z.object({
  orderId: IdSchema,
  requirementId: IdSchema,
  type: RequirementType,
  orderType: OrderType,
  sentenceDate: LocalDateSchema,
  sentencingCourt: z.object({ code: z.string(), type: CourtType }),
  probationDeliveryUnit: z.string(),
  /** The outer bound for the requirement: the CO end date, or the SSO supervision period's end. */
  orderEndDate: LocalDateSchema,
  /** The provider that assessed the person (the referral may name another). */
  assessedByProviderOrgId: z.string().nullable(),
  ...RequirementTermsSchema.shape,
  careLevel: MhtrCareLevel.optional(),
  review: ReviewProvisionSchema.optional(),
});
export type RequirementImposition = z.infer<typeof RequirementImpositionSchema>;

/** Requirement → order. */
export const RequirementToOrderSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('IncidentRaised'),
    incidentId: IdSchema,
    requirementId: IdSchema,
    source: IncidentSource,
    occurredAt: InstantSchema,
    /** The appointment, test or review it arose from. */
    subjectId: z.string(),
  }),
  z.object({
    kind: z.literal('RequirementStatusChanged'),
    requirementId: IdSchema,
    status: z.string(),
    /** True once the requirement is complied with in full (R27's test for termination on completion). */
    compliedWith: z.boolean(),
    ended: RequirementEnd.optional(),
  }),
  z.object({
    kind: z.literal('OrderRevokedAtReview'),
    requirementId: IdSchema,
    reviewId: IdSchema,
    revokedOn: LocalDateSchema,
  }),
]);
export type RequirementToOrder = z.infer<typeof RequirementToOrderSchema>;

/** Order → requirement. */
export const OrderToRequirementSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('OrderEnded'), endedOn: LocalDateSchema, reason: OrderEnd }),
  z.object({ kind: z.literal('OrderEndDateChanged'), orderEndDate: LocalDateSchema }),
  z.object({
    kind: z.literal('RequirementAmended'),
    change: AmendmentChange,
    effectiveOn: LocalDateSchema,
    /** EXTEND_PERIOD: the new end of the last period. REPLACE: the replacement's terms. */
    newPeriodEnd: LocalDateSchema.optional(),
    replacement: RequirementTermsSchema.optional(),
  }),
  z.object({
    kind: z.literal('IncidentDecided'),
    incidentId: IdSchema,
    subjectId: z.string(),
    decision: IncidentDecision,
  }),
]);
export type OrderToRequirement = z.infer<typeof OrderToRequirementSchema>;
