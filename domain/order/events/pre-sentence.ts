import { z } from 'zod';
import {
  AssessmentOutcome,
  MhtrCareLevel,
  Plea,
  RequirementMode,
  RequirementType,
  ScreeningOutcome,
  SentenceOutcome,
  OtherRequirementType,
} from '../../enums';
import { RequirementImpositionSchema } from '../../links';
import { IdSchema, LocalDateSchema } from '../../primitives';
import { event } from './shape';
import { CourtSchema, IdentificationSchema, OffenceSchema } from '../commands/pre-sentence';

export const ConsentStatus = z.enum(['GIVEN', 'DECLINED', 'WITHDRAWN_PRE_SENTENCE']);
export type ConsentStatus = z.infer<typeof ConsentStatus>;

export const CaseIdentified = event('CaseIdentified', {
  orderId: IdSchema,
  person: z.object({
    givenName: z.string(),
    familyName: z.string(),
    dateOfBirth: LocalDateSchema,
    crn: z.string().nullable(),
    homeLocalJusticeArea: z.string(),
  }),
  court: CourtSchema,
  probationDeliveryUnit: z.string(),
  hearingDate: LocalDateSchema,
  /** Absent from cases opened before it was asked for. */
  convictionDate: LocalDateSchema.nullable().optional(),
  plea: Plea,
  offences: z.array(OffenceSchema),
  identification: IdentificationSchema,
  proposedTypes: z.array(RequirementType),
});

export const ScreeningRecorded = event('ScreeningRecorded', {
  outcome: ScreeningOutcome,
  notes: z.string().nullable(),
});

export const AssessmentRequested = event('AssessmentRequested', {
  requirementId: IdSchema,
  requirementType: RequirementType,
  providerOrgId: z.string(),
});

export const AssessmentCompleted = event('AssessmentCompleted', {
  requirementId: IdSchema,
  outcome: AssessmentOutcome,
  proposedMode: RequirementMode.nullable(),
  proposedPeriodMonths: z.number().nullable(),
  treatmentDirector: z.string().nullable(),
  place: z.string().nullable(),
  careLevel: MhtrCareLevel.nullable(),
  hospitalOrderThresholdMet: z.boolean().nullable(),
});

export const ConsentRecorded = event('ConsentRecorded', {
  requirementId: IdSchema,
  status: ConsentStatus,
  date: LocalDateSchema,
});

export const ProposalSubmitted = event('ProposalSubmitted', {
  psrReference: z.string(),
  requirementIds: z.array(IdSchema),
});

export const HearingAdjourned = event('HearingAdjourned', {
  nextHearingDate: LocalDateSchema,
  reason: z.string().nullable(),
});

export const CaseWithdrawn = event('CaseWithdrawn', { reason: z.string() });

/** A sentence without a CSTR: the case closes. */
export const SentenceRecorded = event('SentenceRecorded', {
  outcome: SentenceOutcome,
  reason: z.string().nullable(),
});

/** A CO or SSO with one or more CSTRs: the order begins. */
/** §5.4a: one of the order's other requirements as the sentence recorded it. */
export const OtherRequirementRecordSchema = z.object({
  otherRequirementId: IdSchema,
  type: OtherRequirementType,
  hours: z.number().int().nullable(),
  days: z.number().int().nullable(),
});

export const OrderMade = event('OrderMade', {
  orderType: z.enum(['COMMUNITY_ORDER', 'SUSPENDED_SENTENCE_ORDER']),
  sentenceDate: LocalDateSchema,
  /** R1: the date the person was convicted (absent from orders made before it was recorded: the sentence date). */
  convictionDate: LocalDateSchema.optional(),
  /** CO: the end date. SSO: the end of the supervision period. The outer bound of every requirement. */
  endDate: LocalDateSchema,
  operationalPeriodEndDate: LocalDateSchema.nullable(),
  custodialTermMonths: z.number().nullable(),
  /** R5 (from 22 March 2026): a term of 12 months or less is presumed suspended. Recorded, not enforced. */
  presumptionToSuspendApplied: z.boolean(),
  impositions: z.array(RequirementImpositionSchema).min(1),
  /** §5.4a, R19, R27: absent from orders made before they were recorded. */
  otherRequirements: z.array(OtherRequirementRecordSchema).optional(),
});
