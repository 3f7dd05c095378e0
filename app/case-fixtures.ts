import type { CommandBody } from '../api/client';
import { addDays, addMonths } from '../domain/calendar';

// Fictional cases, written once for the demo, the API tests and the write benchmark. Each body is typed by
// the command it is sent with, so that a change to a route's body breaks the typecheck here.

export type RequirementType = CommandBody<'requestAssessment'>['type'];

/** The magistrates' court and the probation delivery unit every fixture case is heard at and supervised by. */
export const COURT_CODE = 'B01LY00';
export const PROBATION_DELIVERY_UNIT = 'N07LDN';

export interface RequirementPlan {
  type: RequirementType;
  /** The requirement's period, in months from the sentence. */
  months: number;
  /** DRR: monthly review hearings from a month after sentence. */
  reviewed?: boolean;
  /** MHTR: treated as an in-patient at this hospital. */
  inPatientAt?: string;
}

export interface CasePlan {
  orderType?: 'COMMUNITY_ORDER' | 'SUSPENDED_SENTENCE_ORDER';
  /** Community order: its length in months (it ends the day before). Suspended sentence: the supervision. */
  months: number;
  requirements: RequirementPlan[];
  /** The order's other (non-CSTR) requirements, e.g. unpaid work with its hours (R19, R27). */
  otherRequirements?: OtherRequirements;
}

type OtherRequirements = NonNullable<CommandBody<'recordSentence'>['otherRequirements']>;

type Person = CommandBody<'openCase'>['person'];
type SentencedTerms = NonNullable<CommandBody<'recordSentence'>['requirements']>[number];

/** The last day of a span of `months` starting on `from`. */
export const lastDayOf = (from: string, months: number) => addDays(addMonths(from, months), -1);

export const EXAMPLE_PERSON = {
  givenName: 'Alex',
  familyName: 'Example',
  dateOfBirth: '1990-05-01',
  crn: 'X123456',
  homeLocalJusticeArea: 'Lambeth',
} satisfies Person;

export function openCaseBody(
  hearingDate: string,
  types: RequirementType[],
  who: { person?: Person; offence?: string } = {},
): CommandBody<'openCase'> {
  return {
    person: who.person ?? EXAMPLE_PERSON,
    court: { code: COURT_CODE, type: 'MAGISTRATES' },
    probationDeliveryUnit: PROBATION_DELIVERY_UNIT,
    hearingDate,
    plea: 'GUILTY',
    offences: [{ description: who.offence ?? 'Theft from a shop', imprisonable: true }],
    identification: { source: 'LIAISON_AND_DIVERSION', date: hearingDate },
    proposedTypes: types,
  };
}

export function assessmentBody(plan: RequirementPlan): CommandBody<'recordAssessment'> {
  const base = { outcome: 'SUITABLE', proposedPeriodMonths: plan.months } as const;
  if (plan.type === 'DRR')
    return { ...base, proposedMode: 'NON_RESIDENT', treatmentDirector: 'Dr A Director' };
  if (plan.type === 'ATR')
    return { ...base, proposedMode: 'PRACTITIONER_BASED', treatmentDirector: 'Dr B Lee' };
  if (plan.inPatientAt)
    return {
      ...base,
      proposedMode: 'IN_PATIENT',
      place: plan.inPatientAt,
      careLevel: 'SECONDARY_CARE',
      hospitalOrderThresholdMet: false,
    };
  return {
    ...base,
    proposedMode: 'PRACTITIONER_BASED',
    careLevel: 'PRIMARY_CARE',
    hospitalOrderThresholdMet: false,
  };
}

export function sentencedTerms(
  requirementId: string,
  plan: RequirementPlan,
  sentenceDate: string,
): SentencedTerms {
  const periods = [{ start: sentenceDate, end: lastDayOf(sentenceDate, plan.months) }];
  if (plan.type === 'MHTR' && plan.inPatientAt)
    return { requirementId, mode: 'IN_PATIENT', periods, place: plan.inPatientAt };
  if (plan.type === 'MHTR')
    return { requirementId, mode: 'PRACTITIONER_BASED', periods, practitioner: 'Dr R Hughes' };
  if (plan.type === 'ATR')
    return { requirementId, mode: 'PRACTITIONER_BASED', periods, treatmentDirector: 'Dr B Lee' };
  const review = {
    firstReviewDate: addMonths(sentenceDate, 1),
    intervalMonths: 1,
    mode: 'HEARING',
    offenderMustAttend: true,
  } as const;
  return {
    requirementId,
    mode: 'NON_RESIDENT',
    periods,
    treatmentDirector: 'Dr A Director',
    place: 'Lambeth Drug Service',
    intervals: 'weekly',
    ...(plan.reviewed ? { review } : {}),
  };
}

/** The sentence that imposes every requirement of the plan, `requirementIds` in the plan's order. */
export function sentenceBody(
  plan: CasePlan,
  requirementIds: readonly string[],
  sentenceDate: string,
): CommandBody<'recordSentence'> {
  const requirements = plan.requirements.map((r, n) => sentencedTerms(requirementIds[n]!, r, sentenceDate));
  const others = plan.otherRequirements ? { otherRequirements: plan.otherRequirements } : {};
  const base = { outcome: 'CSTR_IMPOSED', sentenceDate, requirements, ...others } as const;
  if (plan.orderType === 'SUSPENDED_SENTENCE_ORDER')
    return {
      ...base,
      orderType: 'SUSPENDED_SENTENCE_ORDER',
      custodialTermMonths: 12,
      operationalPeriodMonths: 24,
      supervisionPeriodMonths: plan.months,
    };
  return { ...base, orderType: 'COMMUNITY_ORDER', endDate: lastDayOf(sentenceDate, plan.months) };
}

/** The assistant psychologist an MHTR's provider allocates. */
export const MHTR_PRACTITIONER = {
  name: 'A Shah',
  role: 'ASSISTANT_PSYCHOLOGIST',
} satisfies CommandBody<'allocatePractitioner'>;

/** An enforceable one-to-one session in person. */
export const sessionBooking = (start: string, durationMinutes = 50): CommandBody<'bookAppointment'> => ({
  start,
  durationMinutes,
  kind: 'ONE_TO_ONE',
  deliveryMode: 'IN_PERSON',
  enforceable: true,
});

export const ATTENDED = {
  sessionHappened: true,
  attended: 'YES',
  notes: 'Engaged well',
} satisfies CommandBody<'recordOutcome'>;

export const MISSED = { sessionHappened: false, attended: 'NO' } satisfies CommandBody<'recordOutcome'>;
