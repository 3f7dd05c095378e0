import { z } from 'zod';
import {
  AppointmentKind,
  Attended,
  DeliveryMode,
  NoSessionReason,
  PractitionerOpinion,
  RescheduleRequestedBy,
  ReviewOutcome,
  SampleStatus,
  SampleType,
  Substance,
  SubstanceResult,
  TestDirectedBy,
  TestMethod,
} from '../enums';
import { OrderToRequirementSchema, RequirementImpositionSchema } from '../links';
import {
  CodeSchema,
  IdSchema,
  InstantSchema,
  LocalDateSchema,
  MAX_TEXT_LENGTH,
  NameSchema,
  TextSchema,
} from '../primitives';

// The commands of one requirement: the API's request bodies plus the ids from the path and the ids the API
// generates for things the caller creates. Every schema is strict: unknown fields are refused.

const onRequirement = { requirementId: IdSchema };
const onAppointment = { ...onRequirement, appointmentId: IdSchema };
const onTest = { ...onRequirement, testId: IdSchema };
const onReview = { ...onRequirement, reviewId: IdSchema };

export const RequirementCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Impose'), imposition: RequirementImpositionSchema }).strict(),
  z.object({ type: z.literal('ReferToProvider'), ...onRequirement, providerOrgId: CodeSchema }).strict(),
  z
    .object({
      type: z.literal('RecordAcceptance'),
      ...onRequirement,
      accepted: z.boolean(),
      reason: TextSchema.optional(),
    })
    .strict(),
  z
    .object({ type: z.literal('AllocatePractitioner'), ...onRequirement, name: NameSchema, role: NameSchema })
    .strict(),
  z
    .object({
      type: z.literal('BookAppointment'),
      ...onAppointment,
      start: InstantSchema,
      durationMinutes: z.number().int().min(5).max(480),
      kind: AppointmentKind,
      deliveryMode: DeliveryMode,
      enforceable: z.boolean(),
    })
    .strict(),
  z
    .object({
      type: z.literal('RescheduleAppointment'),
      ...onAppointment,
      newAppointmentId: IdSchema,
      start: InstantSchema,
      requestedBy: RescheduleRequestedBy,
      reason: TextSchema,
    })
    .strict(),
  z
    .object({
      type: z.literal('RecordOutcome'),
      ...onAppointment,
      sessionHappened: z.boolean(),
      attended: Attended,
      lateReason: TextSchema.optional(),
      noSessionReason: NoSessionReason.optional(),
      behaviourConcern: z.boolean().optional(),
      riskConcern: z.boolean().optional(),
      notes: z.string().max(MAX_TEXT_LENGTH).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('DirectDrugTest'),
      ...onTest,
      dueAt: InstantSchema,
      directedBy: TestDirectedBy,
    })
    .strict(),
  z
    .object({
      type: z.literal('RecordSample'),
      ...onTest,
      status: SampleStatus,
      sampleType: SampleType.optional(),
      method: TestMethod.optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('RecordTestResult'),
      ...onTest,
      substances: z.array(z.object({ substance: Substance, result: SubstanceResult }).strict()).min(1),
      explanation: TextSchema.optional(),
      /** Who recorded it, from the caller's token: anyone but probation must pass it to the RO (R9). */
      recordedByRole: z.enum(['provider', 'probation']),
    })
    .strict(),
  z
    .object({
      type: z.literal('SubmitPractitionerReport'),
      ...onRequirement,
      opinion: PractitionerOpinion,
      narrative: TextSchema,
    })
    .strict(),
  z
    .object({ type: z.literal('RecordApplicationToCourt'), ...onRequirement, appliedOn: LocalDateSchema })
    .strict(),
  z.object({ type: z.literal('RecordApplicationRefused'), ...onRequirement }).strict(),
  z.object({ type: z.literal('SubmitProviderViews'), ...onReview, views: TextSchema }).strict(),
  z
    .object({
      type: z.literal('SubmitReviewReport'),
      ...onReview,
      progress: z.enum(['SATISFACTORY', 'UNSATISFACTORY']),
      recommendation: TextSchema,
    })
    .strict(),
  z
    .object({
      type: z.literal('RecordReviewOutcome'),
      ...onReview,
      outcome: ReviewOutcome,
      attended: z.boolean(),
      nextReviewDate: LocalDateSchema.optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('RecordClinicalCompletion'),
      ...onRequirement,
      notes: z.string().max(MAX_TEXT_LENGTH).optional(),
    })
    .strict(),
  z.object({ type: z.literal('RecordAdmission'), ...onRequirement, admittedOn: LocalDateSchema }).strict(),
  z.object({ type: z.literal('RecordDischarge'), ...onRequirement, dischargedOn: LocalDateSchema }).strict(),
  z
    .object({
      type: z.literal('ChangeTreatmentPlace'),
      ...onRequirement,
      newPlace: NameSchema,
      underPractitioner: NameSchema,
      offenderConsented: z.boolean(),
    })
    .strict(),
  z
    .object({ type: z.literal('ApplyOrderMessage'), ...onRequirement, message: OrderToRequirementSchema })
    .strict(),
]);
export type RequirementCommand = z.infer<typeof RequirementCommandSchema>;
export type CommandOf<T extends RequirementCommand['type']> = Extract<RequirementCommand, { type: T }>;
