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
import { IdSchema, LocalDateSchema } from '../../primitives';

// The pre-sentence case, as the court assessor and the assessing provider send it.

const text = z.string().trim().min(1);

export const PersonSchema = z
  .object({
    givenName: text,
    familyName: text,
    dateOfBirth: LocalDateSchema,
    crn: text.optional(),
    homeLocalJusticeArea: text,
  })
  .strict();

export const CourtSchema = z.object({ code: text, type: CourtType }).strict();

export const OffenceSchema = z.object({ description: text, imprisonable: z.boolean() }).strict();

export const OpenCase = z
  .object({
    type: z.literal('OpenCase'),
    orderId: IdSchema,
    person: PersonSchema,
    court: CourtSchema,
    probationDeliveryUnit: text,
    hearingDate: LocalDateSchema,
    plea: Plea,
    offences: z.array(OffenceSchema).min(1),
    identification: z.object({ source: IdentificationSource, date: LocalDateSchema }).strict(),
    proposedTypes: z.array(RequirementType).min(1),
  })
  .strict();

export const RecordScreening = z
  .object({ type: z.literal('RecordScreening'), outcome: ScreeningOutcome, notes: text.optional() })
  .strict();

export const RequestAssessment = z
  .object({
    type: z.literal('RequestAssessment'),
    requirementId: IdSchema,
    requirementType: RequirementType,
    providerOrgId: text,
  })
  .strict();

export const RecordAssessment = z
  .object({
    type: z.literal('RecordAssessment'),
    requirementId: IdSchema,
    outcome: AssessmentOutcome,
    proposedMode: RequirementMode.optional(),
    proposedPeriodMonths: z.number().int().min(1).optional(),
    treatmentDirector: text.optional(),
    place: text.optional(),
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

export const SubmitProposal = z.object({ type: z.literal('SubmitProposal'), psrReference: text }).strict();

export const AdjournHearing = z
  .object({ type: z.literal('AdjournHearing'), nextHearingDate: LocalDateSchema, reason: text.optional() })
  .strict();

export const WithdrawCase = z.object({ type: z.literal('WithdrawCase'), reason: text }).strict();
