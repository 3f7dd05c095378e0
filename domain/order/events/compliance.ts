import { z } from 'zod';
import { BreachDisposal, BreachFinding, CourtProcess, IncidentDecision, IncidentSource } from '../../enums';
import { IdSchema, InstantSchema, LocalDateSchema } from '../../primitives';
import { event } from './shape';
import { WarningDeliveryMethod } from '../commands/compliance';

export const IncidentRecorded = event('IncidentRecorded', {
  incidentId: IdSchema,
  requirementId: IdSchema,
  source: IncidentSource,
  occurredAt: InstantSchema,
  subjectId: z.string(),
});

export const IncidentDecided = event('IncidentDecided', {
  incidentId: IdSchema,
  requirementId: IdSchema,
  subjectId: z.string(),
  decision: IncidentDecision,
  reason: z.string().nullable(),
  decidedOn: LocalDateSchema,
});

/** Sch 10 / Sch 16 para 6 warning, with the content R16 requires. */
export const WarningGiven = event('WarningGiven', {
  warningId: IdSchema,
  incidentId: IdSchema,
  givenOn: LocalDateSchema,
  expiresOn: LocalDateSchema,
  circumstances: z.string(),
  statement: z.string(),
  deliveryMethod: WarningDeliveryMethod.nullable(),
});

export const WarningExpired = event('WarningExpired', { warningId: IdSchema });

export const ReferredToEnforcementOfficer = event('ReferredToEnforcementOfficer', {
  referralId: IdSchema,
  incidentId: IdSchema,
  referredOn: LocalDateSchema,
  /** R15: a further failure inside a warning's 12 months; otherwise the RO's choice (R17). */
  mandatory: z.boolean(),
});

export const InformationLaid = event('InformationLaid', {
  proceedingId: IdSchema,
  referralId: IdSchema,
  informationLaidOn: LocalDateSchema,
  courtCode: z.string(),
});

export const NoFurtherActionRecorded = event('NoFurtherActionRecorded', {
  referralId: IdSchema,
  reason: z.string(),
});

export const SummonsOrWarrantIssued = event('SummonsOrWarrantIssued', {
  proceedingId: IdSchema,
  process: CourtProcess,
  issuedOn: LocalDateSchema,
});

/** R22: the compliance record the court had before it. */
export const ComplianceRecordSchema = z.object({
  acceptableIncidents: z.number().int(),
  unacceptableIncidents: z.number().int(),
  warningsGiven: z.number().int(),
  requirementsImposed: z.number().int(),
  requirementsCompliedWith: z.number().int(),
});
export type ComplianceRecord = z.infer<typeof ComplianceRecordSchema>;

export const BreachDealtWith = event('BreachDealtWith', {
  proceedingId: IdSchema,
  decidedOn: LocalDateSchema,
  finding: BreachFinding,
  disposal: BreachDisposal.nullable(),
  fineAmountPence: z.number().int().nullable(),
  unpaidWorkHours: z.number().int().nullable(),
  /** R19: the unpaid work requirement the hours were added to, or that was added (absent before it was kept). */
  unpaidWorkRequirementId: IdSchema.nullable().optional(),
  newEndDate: LocalDateSchema.nullable(),
  activatedTermMonths: z.number().nullable(),
  reasonsForNotActivating: z.string().nullable(),
  extentOfCompliance: z.string().nullable(),
  complianceRecord: ComplianceRecordSchema,
  /** Committed to the Crown Court: the proceedings stay open there. */
  proceedingsContinue: z.boolean(),
});
