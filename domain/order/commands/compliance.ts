import { z } from 'zod';
import { BreachDisposal, BreachFinding, CourtProcess, IncidentDecision, IncidentSource } from '../../enums';
import { CodeSchema, IdSchema, InstantSchema, LocalDateSchema, TextSchema } from '../../primitives';

// Compliance and enforcement per order: incidents, warnings, referrals and breach proceedings.

const text = z.string().trim().min(1);

/** RequirementToOrder 'IncidentRaised': idempotent by incidentId. */
export const RecordIncident = z
  .object({
    type: z.literal('RecordIncident'),
    incidentId: IdSchema,
    requirementId: IdSchema,
    source: IncidentSource,
    occurredAt: InstantSchema,
    subjectId: text,
  })
  .strict();

export const DecideIncident = z
  .object({
    type: z.literal('DecideIncident'),
    incidentId: IdSchema,
    decision: IncidentDecision,
    reason: TextSchema.optional(),
  })
  .strict();

export const WarningDeliveryMethod = z.enum(['LETTER', 'IN_PERSON']);

export const GiveWarning = z
  .object({
    type: z.literal('GiveWarning'),
    incidentId: IdSchema,
    givenOn: LocalDateSchema,
    /** R16: the circumstances of the failure; described from the incident when left out. */
    circumstances: TextSchema.optional(),
    deliveryMethod: WarningDeliveryMethod.optional(),
  })
  .strict();

export const ReferToEnforcement = z
  .object({ type: z.literal('ReferToEnforcement'), incidentId: IdSchema })
  .strict();

export const LayInformation = z
  .object({
    type: z.literal('LayInformation'),
    referralId: IdSchema,
    informationLaidOn: LocalDateSchema,
    courtCode: CodeSchema,
  })
  .strict();

export const RecordNoFurtherAction = z
  .object({ type: z.literal('RecordNoFurtherAction'), referralId: IdSchema, reason: TextSchema })
  .strict();

/** Sch 10 para 8: the court issues a summons or a warrant on the information laid. */
export const RecordSummonsOrWarrant = z
  .object({
    type: z.literal('RecordSummonsOrWarrant'),
    proceedingId: IdSchema,
    process: CourtProcess,
    issuedOn: LocalDateSchema,
  })
  .strict();

export const RecordBreachOutcome = z
  .object({
    type: z.literal('RecordBreachOutcome'),
    proceedingId: IdSchema,
    finding: BreachFinding,
    disposal: BreachDisposal.optional(),
    /** CO: the substituted end date. SSO: the new end of the supervision or operational period. */
    newEndDate: LocalDateSchema.optional(),
    fineAmountPence: z.number().int().positive().optional(),
    unpaidWorkHours: z.number().int().positive().optional(),
    /** ACTIVATE_REDUCED_TERM: the term that takes effect. */
    activatedTermMonths: z.number().positive().optional(),
    /** R20: the court's reasons when it does not activate a suspended sentence. */
    reasonsForNotActivating: TextSchema.optional(),
    /** R22: how the court took account of the extent of compliance when re-sentencing. */
    extentOfCompliance: TextSchema.optional(),
  })
  .strict();
