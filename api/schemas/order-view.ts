import { z } from 'zod';
import {
  AssessmentOutcome,
  BreachDisposal,
  BreachFinding,
  CourtProcess,
  CourtType,
  IdentificationSource,
  IncidentDecision,
  IncidentSource,
  MhtrCareLevel,
  OrderEnd,
  OrderType,
  OtherRequirementType,
  Plea,
  RequirementEnd,
  RequirementMode,
  RequirementType,
  ScreeningOutcome,
} from '../../domain/enums';
import { Period, count, date, disclosed, flag, id, instant, text } from './fields';

const nullable = <T extends z.ZodType>(schema: T, description: string) =>
  schema.nullable().describe(description);

const Case = disclosed({
  person: z
    .strictObject({
      givenName: text('Given name.'),
      familyName: text('Family name.'),
      dateOfBirth: date('Date of birth'),
      crn: text('nDelius case reference number.').nullable(),
      homeLocalJusticeArea: text('The local justice area the person lives in.'),
    })
    .describe('The person the case is about.'),
  court: z
    .strictObject({ code: text('Court code.'), type: CourtType.describe('Magistrates’ or Crown Court.') })
    .describe('The court hearing the case.'),
  probationDeliveryUnit: text('The probation delivery unit that will supervise.'),
  hearingDate: date('The hearing date'),
  convictionDate: date('When the person was convicted, where known at opening (R1)').nullable(),
  plea: Plea.describe('The plea.'),
  offences: z
    .array(z.strictObject({ description: text('The offence.'), imprisonable: flag('Imprisonable.') }))
    .describe('The offences.'),
  identification: z
    .strictObject({ source: IdentificationSource.describe('Who identified the case.'), date: date('When') })
    .describe('How the case was identified.'),
  proposedTypes: z.array(RequirementType).describe('The requirement types first considered.'),
  openedAt: instant('When the case was opened'),
  screening: nullable(
    z.strictObject({
      outcome: ScreeningOutcome.describe('The screening outcome.'),
      notes: text('The assessor’s notes.').nullable(),
    }),
    'The assessor’s screening; null until screened.',
  ),
  proposal: nullable(
    disclosed({
      psrReference: text('The pre-sentence report’s reference.'),
      submittedAt: instant('When proposed'),
      requirementIds: z.array(id('A proposed requirement.')).describe('The requirements proposed.'),
    }),
    'The CSTR proposed in the pre-sentence report; null until proposed.',
  ),
  closure: nullable(
    disclosed({ reason: text('Why it closed.').nullable(), closedAt: instant('When it closed') }),
    'How the case closed without an order; null while open.',
  ),
});

export const ProposedRequirementView = disclosed({
  requirementId: id('The requirement.'),
  type: RequirementType.describe('MHTR, DRR or ATR.'),
  providerOrgId: text('The provider asked to assess.'),
  requestedAt: instant('When the assessment was asked for'),
  assessment: nullable(
    z.strictObject({
      at: instant('When the assessment was recorded'),
      outcome: AssessmentOutcome.describe('The assessment’s outcome.'),
      proposedMode: RequirementMode.nullable().describe('The mode of treatment proposed.'),
      proposedPeriodMonths: z.number().nullable().describe('The treatment period proposed, months.'),
      treatmentDirector: text('Who will direct treatment.').nullable(),
      place: text('Where treatment will be given.').nullable(),
      careLevel: MhtrCareLevel.nullable().describe('MHTR: primary or secondary care.'),
      hospitalOrderThresholdMet: flag('MHTR: whether the threshold for a hospital order is met.').nullable(),
    }),
    'The provider’s assessment; null until assessed.',
  ),
  consent: nullable(
    z.strictObject({
      status: z.enum(['GIVEN', 'DECLINED', 'WITHDRAWN_PRE_SENTENCE']).describe('The person’s consent.'),
      date: date('When consent was recorded'),
    }),
    'The person’s consent; null until recorded.',
  ),
}).describe('A requirement asked of a provider before sentence.');

export const OtherRequirementView = disclosed({
  otherRequirementId: id('The other requirement.'),
  type: OtherRequirementType.describe('Its type (Sch 9; not a CSTR).'),
  hours: count('Unpaid work: the hours required.').nullable(),
  days: count('Rehabilitation activity: the days.').nullable(),
  compliedOn: date('When probation recorded it complied with').nullable(),
  hoursDone: count('Unpaid work: the hours done.').nullable(),
}).describe('A non-CSTR requirement of the order, recorded for R19 and R27.');

const MadeOrder = disclosed({
  orderType: OrderType.describe('Community order or suspended sentence order.'),
  sentenceDate: date('The sentence date'),
  convictionDate: date('When the person was convicted: 18 or over on it (R1)'),
  endDate: date('The end date (for an SSO, the end of the supervision period)'),
  operationalPeriodEndDate: date('SSO: the end of the operational period').nullable(),
  custodialTermMonths: z.number().nullable().describe('SSO: the custodial term, months.'),
  presumptionToSuspendApplied: flag('Whether the presumption to suspend a short sentence applied.'),
  endDateExtendedOnBreach: flag('Whether the end date was already extended on a breach (once only).'),
  inductionCompletedOn: date('The probation induction').nullable(),
  homeLocalJusticeArea: text('The local justice area the order is managed in.'),
  pendingResidenceChange: nullable(
    z.strictObject({
      newHomeLocalJusticeArea: text('The new local justice area.'),
      permittedOn: date('When the change was permitted'),
    }),
    'A permitted change of residence awaiting amendment; null if none.',
  ),
  appealPending: flag('Whether an appeal against the order is pending.'),
  supervisionEnded: nullable(
    z.strictObject({
      reason: z
        .enum(['SSO_SUPERVISION_ENDED', 'TERMINATED_ON_COMPLETION_BY_RO', 'REVOKED_GOOD_PROGRESS'])
        .describe('Why supervision ended.'),
      endedOn: date('When supervision ended'),
    }),
    'SSO: supervision ended while the operational period runs on; null otherwise.',
  ),
  otherRequirements: z.array(OtherRequirementView).describe('The order’s other (non-CSTR) requirements.'),
  terminationScheduledFor: date(
    'R27: the date the order terminates on completion, as the RO specified',
  ).nullable(),
});

const ImposedRequirementSummary = disclosed({
  requirementId: id('The requirement.'),
  type: RequirementType.describe('MHTR, DRR or ATR.'),
  mode: RequirementMode.describe('The mode of treatment imposed.'),
  periods: z.array(Period).describe('The treatment periods.'),
  providerOrgId: text('The provider that assessed the person.').nullable(),
  status: text('The requirement’s status, as it last reported it.'),
  compliedWith: flag('Whether it is complied with in full.'),
  ended: RequirementEnd.nullable().describe('How it ended; null while it runs.'),
});

export const OrderIncidentView = disclosed({
  incidentId: id('The incident.'),
  requirementId: id('The requirement it arose under.'),
  source: IncidentSource.describe('What happened.'),
  occurredAt: instant('When it happened'),
  subjectId: text('The appointment, test or review it arose from.'),
  recordedAt: instant('When it was recorded'),
  status: z
    .enum(['PENDING_DECISION', 'ACCEPTABLE', 'UNACCEPTABLE', 'WARNED', 'REFERRED'])
    .describe('Where it stands.'),
  decision: nullable(
    z.strictObject({
      decision: IncidentDecision.describe('Acceptable or unacceptable.'),
      reason: text('Why.').nullable(),
      decidedOn: date('When decided'),
    }),
    'The responsible officer’s decision; null until decided.',
  ),
  warningId: id('The warning given for it.').nullable(),
  referralId: id('The enforcement referral made for it.').nullable(),
  referralMandatory: flag('Whether a referral to enforcement is mandatory for it.'),
}).describe('A compliance incident and its decision.');

export const WarningView = z
  .strictObject({
    warningId: id('The warning.'),
    incidentId: id('The incident it was given for.'),
    givenOn: date('When given'),
    expiresOn: date('When its 12 months end'),
    circumstances: text('The circumstances of the failure.'),
    statement: text('What was said to the person.'),
    deliveryMethod: z.enum(['LETTER', 'IN_PERSON']).nullable().describe('How it was given.'),
    expired: flag('Whether its 12 months have passed.'),
  })
  .describe('A warning given for an unacceptable failure.');

export const ReferralView = z
  .strictObject({
    referralId: id('The referral.'),
    incidentId: id('The incident it was made for.'),
    referredOn: date('When referred'),
    mandatory: flag('Whether it was mandatory (a further failure inside a warning’s 12 months).'),
    status: z.enum(['OPEN', 'INFORMATION_LAID', 'NO_FURTHER_ACTION']).describe('Where it stands.'),
    noFurtherActionReason: text('Why no information was laid.').nullable(),
    proceedingId: id('The breach proceedings it led to.').nullable(),
  })
  .describe('A referral to the enforcement officer.');

export const ProceedingView = z
  .strictObject({
    proceedingId: id('The proceedings.'),
    referralId: id('The referral they came from.'),
    informationLaidOn: date('When the information was laid'),
    courtCode: text('The court dealing with the breach.'),
    status: z.enum(['OPEN', 'DEALT_WITH']).describe('Where they stand.'),
    processes: z
      .array(
        z.strictObject({
          process: CourtProcess.describe('A summons to appear, or a warrant for arrest.'),
          issuedOn: date('When the court issued it'),
        }),
      )
      .describe('The summonses and warrants the court issued on the information, in order.'),
    outcome: nullable(
      z.strictObject({
        at: instant('When recorded'),
        decidedOn: date('When decided'),
        finding: BreachFinding.describe('The court’s finding.'),
        disposal: BreachDisposal.nullable().describe('How the breach was dealt with.'),
        fineAmountPence: count('A fine, in pence.').nullable(),
        unpaidWorkHours: count('Unpaid work hours added.').nullable(),
        newEndDate: date('A new end date').nullable(),
        activatedTermMonths: z.number().nullable().describe('SSO: the custodial term activated, months.'),
        reasonsForNotActivating: text('SSO: why the term was not activated.').nullable(),
        extentOfCompliance: text('How far the person complied.').nullable(),
        complianceRecord: z
          .strictObject({
            acceptableIncidents: count('Incidents judged acceptable.'),
            unacceptableIncidents: count('Incidents judged unacceptable.'),
            warningsGiven: count('Warnings given.'),
            requirementsImposed: count('Requirements imposed.'),
            requirementsCompliedWith: count('Requirements complied with.'),
          })
          .describe('The compliance record the court had before it.'),
        proceedingsContinue: flag('Committed to the Crown Court: the proceedings stay open there.'),
      }),
      'The court’s outcome; null until dealt with.',
    ),
  })
  .describe('Breach proceedings.');

const Compliance = disclosed({
  incidents: z.array(OrderIncidentView).describe('The compliance incidents.'),
  pendingDecisions: count('Incidents awaiting the responsible officer’s decision.'),
  acceptableIncidents: count('Incidents judged acceptable.'),
  unacceptableIncidents: count('Incidents judged unacceptable.'),
  ftcCount: count('nDelius failures to comply since the order or the last breach dealt with.'),
  reviewEnforcementStatus: flag('Failures to comply are over the limit and no enforcement is under way.'),
  warnings: z.array(WarningView).describe('Warnings given.'),
  liveWarning: WarningView.nullable().describe('The warning whose 12 months still run; null if none.'),
  referrals: z.array(ReferralView).describe('Referrals to enforcement.'),
  proceedings: z.array(ProceedingView).describe('Breach proceedings.'),
});

/** The order, as the caller's role may see it: what every write to it answers with. */
export const OrderView = z
  .strictObject({
    orderId: id('The order (the case, before sentence).'),
    status: text('Where the case or order stands.'),
    terminal: flag('Whether the order has ended or the case closed.'),
    inBreachProceedings: flag('Whether breach proceedings are open.').optional(),
    case: Case.nullable().optional().describe('The case as opened before sentence.'),
    proposedRequirements: z
      .array(ProposedRequirementView)
      .optional()
      .describe('The requirements asked of providers before sentence.'),
    order: MadeOrder.nullable().optional().describe('The order made at sentence; null before.'),
    requirements: z.array(ImposedRequirementSummary).optional().describe('The requirements imposed.'),
    compliance: Compliance.optional().describe('The order’s compliance record.'),
    end: z
      .strictObject({
        reason: OrderEnd.describe('How the order ended.'),
        endedOn: date('When it ended'),
        detail: text('More about the ending.').nullable(),
      })
      .nullable()
      .optional()
      .describe('How the order ended; null while it runs.'),
  })
  .meta({ id: 'OrderView', description: 'An order, with only the fields the caller’s role may see.' });
