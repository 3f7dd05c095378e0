import { z } from 'zod';
import {
  AssessmentOutcome,
  CourtType,
  IdentificationSource,
  MhtrCareLevel,
  Plea,
  RequirementMode,
  RequirementType,
  ScreeningOutcome,
} from '../../enums';
import { RequirementTermsSchema } from '../../links';
import { CodeSchema, IdSchema, LocalDateSchema, NameSchema, TextSchema } from '../../primitives';

// The pre-sentence case, as the court assessor and the assessing provider send it.

export const PersonSchema = z
  .object({
    givenName: NameSchema,
    familyName: NameSchema,
    dateOfBirth: LocalDateSchema,
    crn: CodeSchema.optional(),
    homeLocalJusticeArea: CodeSchema,
  })
  .strict();

export const CourtSchema = z.object({ code: CodeSchema, type: CourtType }).strict();

export const OffenceSchema = z.object({ description: TextSchema, imprisonable: z.boolean() }).strict();

/** How the case was identified for a treatment requirement assessment, and when. */
export const IdentificationSchema = z.object({ source: IdentificationSource, date: LocalDateSchema });

export const OpenCase = z
  .object({
    type: z.literal('OpenCase'),
    orderId: IdSchema,
    person: PersonSchema,
    court: CourtSchema,
    probationDeliveryUnit: CodeSchema,
    hearingDate: LocalDateSchema,
    /** R1: when the person was convicted, where known at opening (it may precede the hearing). */
    convictionDate: LocalDateSchema.optional(),
    plea: Plea,
    offences: z.array(OffenceSchema).min(1),
    identification: IdentificationSchema.strict(),
    proposedTypes: z.array(RequirementType).min(1),
  })
  .strict();

export const RecordScreening = z
  .object({ type: z.literal('RecordScreening'), outcome: ScreeningOutcome, notes: TextSchema.optional() })
  .strict();

export const RequestAssessment = z
  .object({
    type: z.literal('RequestAssessment'),
    requirementId: IdSchema,
    requirementType: RequirementType,
    providerOrgId: CodeSchema,
  })
  .strict();

export const RecordAssessment = z
  .object({
    type: z.literal('RecordAssessment'),
    requirementId: IdSchema,
    outcome: AssessmentOutcome,
    proposedMode: RequirementMode.optional(),
    proposedPeriodMonths: z.number().int().min(1).optional(),
    /** The terms the provider proposes, as the court will set them. */
    ...RequirementTermsSchema.pick({ treatmentDirector: true, place: true }).shape,
    careLevel: MhtrCareLevel.optional(),
    hospitalOrderThresholdMet: z.boolean().optional(),
  })
  .strict();

export const RecordConsent = z
  .object({
    type: z.literal('RecordConsent'),
    requirementId: IdSchema,
    given: z.boolean(),
    date: LocalDateSchema,
  })
  .strict();

export const SubmitProposal = z
  .object({ type: z.literal('SubmitProposal'), psrReference: NameSchema })
  .strict();

export const AdjournHearing = z
  .object({
    type: z.literal('AdjournHearing'),
    nextHearingDate: LocalDateSchema,
    reason: TextSchema.optional(),
  })
  .strict();

export const WithdrawCase = z.object({ type: z.literal('WithdrawCase'), reason: TextSchema }).strict();
