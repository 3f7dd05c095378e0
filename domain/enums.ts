import { z } from 'zod';
import { ATR_MODES, CO_BREACH_OUTCOMES, DRR_MODES, MHTR_MODES, SSO_BREACH_OUTCOMES } from './vocabulary';

// The domain's enumerations, as zod enums: the wire vocabulary the API, workflows and projections share.

export const OrderType = z.enum(['COMMUNITY_ORDER', 'SUSPENDED_SENTENCE_ORDER']);
export const CourtType = z.enum(['MAGISTRATES', 'CROWN']);
export const RequirementType = z.enum(['MHTR', 'DRR', 'ATR']);
export const MhtrMode = z.enum(MHTR_MODES);
export const MhtrCareLevel = z.enum(['PRIMARY_CARE', 'SECONDARY_CARE']);
export const DrrMode = z.enum(DRR_MODES);
export const AtrMode = z.enum(ATR_MODES);
export const RequirementMode = z.enum([...MhtrMode.options, ...DrrMode.options, ...AtrMode.options]);
export const ReviewMode = z.enum(['HEARING', 'WITHOUT_HEARING']);

export const Plea = z.enum(['GUILTY', 'NOT_GUILTY_FOUND_GUILTY', 'NOT_YET_ENTERED']);
export const IdentificationSource = z.enum([
  'PROBATION_COURT_TEAM',
  'LIAISON_AND_DIVERSION',
  'JUDICIARY',
  'DEFENCE',
  'SELF',
  'OTHER',
]);
export const ScreeningOutcome = z.enum([
  'PROCEED_TO_ASSESSMENT',
  'NOT_ELIGIBLE_OFFENCE',
  'NOT_ELIGIBLE_PLEA',
  'NOT_ELIGIBLE_AGE',
  'NO_IDENTIFIED_NEED',
  'ALREADY_IN_TREATMENT',
  'DECLINED',
]);
export const AssessmentOutcome = z.enum([
  'SUITABLE',
  'UNSUITABLE_NEED_TOO_HIGH',
  'UNSUITABLE_NEED_TOO_LOW',
  'UNSUITABLE_NOT_SUSCEPTIBLE',
  'UNSUITABLE_NO_PROVISION',
  'DID_NOT_ATTEND',
  'DECLINED',
]);
export const SentenceOutcome = z.enum([
  'CSTR_IMPOSED',
  'OTHER_COMMUNITY_SENTENCE',
  'CUSTODY',
  'OTHER',
  'ADJOURNED',
]);

export const AppointmentKind = z.enum(['ASSESSMENT', 'ONE_TO_ONE', 'GROUP', 'MEDICAL_REVIEW']);
export const DeliveryMode = z.enum(['IN_PERSON', 'PHONE', 'VIDEO']);
export const Attended = z.enum(['YES', 'LATE', 'NO']);
export const NoSessionReason = z.enum(['PERSON_ACCEPTABLE', 'PERSON_UNACCEPTABLE', 'LOGISTICS']);
export const RescheduleRequestedBy = z.enum(['SERVICE', 'PERSON']);
export const AttendanceOutcome = z.enum([
  'ATTENDED_COMPLIED',
  'ATTENDED_LATE_COMPLIED',
  'ATTENDED_FAILED_TO_COMPLY',
  'SENT_HOME_BEHAVIOUR',
  'SENT_HOME_SERVICE',
  'FAILED_TO_ATTEND',
  'RESCHEDULED_BY_SERVICE',
  'RESCHEDULED_BY_POP',
  'CANCELLED_BY_SERVICE',
  'WITHDRAWN',
]);

export const TestDirectedBy = z.enum(['RESPONSIBLE_OFFICER', 'TREATMENT_DIRECTOR']);
export const SampleStatus = z.enum(['COLLECTED', 'REFUSED', 'NOT_PROVIDED', 'DID_NOT_ATTEND', 'TAMPERED']);
export const SampleType = z.enum(['ORAL_FLUID', 'URINE', 'HAIR']);
export const TestMethod = z.enum(['POINT_OF_CARE_SCREEN', 'LAB_SCREEN', 'LAB_CONFIRMATORY']);
export const Substance = z.enum([
  'OPIATES',
  'COCAINE',
  'AMPHETAMINES',
  'METHAMPHETAMINE',
  'BENZODIAZEPINES',
  'CANNABIS',
  'METHADONE',
  'BUPRENORPHINE',
  'SYNTHETIC_CANNABINOIDS',
  'KETAMINE',
  'OTHER',
]);
export const SubstanceResult = z.enum([
  'NEGATIVE',
  'POSITIVE',
  'POSITIVE_PRESCRIBED',
  'INCONCLUSIVE',
  'PENDING',
]);
export const TestOutcome = z.enum([
  'ALL_NEGATIVE',
  'POSITIVE_UNEXPLAINED',
  'POSITIVE_EXPLAINED',
  'REFUSED',
  'NOT_PROVIDED',
  'INVALID',
]);

export const PractitionerOpinion = z.enum([
  'CONTINUE_BEYOND_PERIOD',
  'DIFFERENT_TREATMENT',
  'NOT_SUSCEPTIBLE',
  'NO_FURTHER_TREATMENT',
  'UNWILLING_TO_CONTINUE',
]);
export const ReviewOutcome = z.enum([
  'CONTINUE',
  'AMEND_REQUIREMENT',
  'MOVE_TO_REVIEW_WITHOUT_HEARING',
  'REQUIRE_ATTENDANCE_AT_HEARING',
  'REVOKE_AND_RESENTENCE',
  'ADJOURNED',
  'OFFENDER_DID_NOT_ATTEND',
]);

export const IncidentSource = z.enum([
  'MISSED_APPOINTMENT',
  'BEHAVIOUR',
  'SAMPLE_REFUSED',
  'SAMPLE_NOT_PROVIDED',
  'SAMPLE_TAMPERED',
  'MISSED_TEST',
  'MISSED_REVIEW_HEARING',
]);
export const IncidentDecision = z.enum(['ACCEPTABLE', 'UNACCEPTABLE']);
export const BreachFinding = z.enum(['PROVED', 'NOT_PROVED', 'ADMITTED', 'WITHDRAWN']);
/** Sch 10 para 8: on an information, the justice issues a summons to appear or a warrant for arrest. */
export const CourtProcess = z.enum(['SUMMONS', 'WARRANT']);
export const CoBreachOutcome = z.enum(CO_BREACH_OUTCOMES);
export const SsoBreachOutcome = z.enum(SSO_BREACH_OUTCOMES);
export const BreachDisposal = z.enum([
  ...new Set([...CoBreachOutcome.options, ...SsoBreachOutcome.options]),
] as [string, ...string[]]);
export const AmendmentChange = z.enum(['CANCEL', 'REPLACE', 'EXTEND_PERIOD']);
export const RevocationReason = z.enum(['GOOD_PROGRESS', 'RESENTENCED_BREACH', 'FURTHER_OFFENCE', 'OTHER']);

export const RequirementEnd = z.enum([
  'COMPLETED',
  'COMPLETED_EARLY_COURT_CANCELLED',
  'CANCELLED_BY_COURT',
  'REPLACED_BY_COURT',
  'TERMINATED_NOT_SUSCEPTIBLE',
  'TERMINATED_PROVIDER_UNWILLING',
  'TERMINATED_WITH_ORDER',
  'EXPIRED_INCOMPLETE',
]);
/**
 * §5.4a: the order's other (non-CSTR) requirements, Sentencing Act 2020 Sch 9 Parts 1–8, 10A, 12–15, recorded
 * at sentence for R19 and R27 and not run; the SA 2026 probation requirement is a REHABILITATION_ACTIVITY.
 */
export const OtherRequirementType = z.enum([
  'UNPAID_WORK',
  'REHABILITATION_ACTIVITY',
  'PROGRAMME',
  'PROHIBITED_ACTIVITY',
  'CURFEW',
  'EXCLUSION',
  'RESIDENCE',
  'FOREIGN_TRAVEL_PROHIBITION',
  'DRUG_TESTING',
  'ALCOHOL_ABSTINENCE_AND_MONITORING',
  'ATTENDANCE_CENTRE',
  'ELECTRONIC_MONITORING',
]);
export type OtherRequirementType = z.infer<typeof OtherRequirementType>;

export const OrderEnd = z.enum([
  'COMPLETED_END_DATE',
  'EXPIRED_INCOMPLETE',
  'TERMINATED_ON_COMPLETION_BY_RO',
  'REVOKED_GOOD_PROGRESS',
  'REVOKED_RESENTENCED_BREACH',
  'REVOKED_FURTHER_OFFENCE',
  'REVOKED_OTHER',
  'SSO_ACTIVATED',
  'SSO_SUPERVISION_ENDED',
  'DECEASED',
  'TRANSFERRED_SCOTLAND_OR_NI',
  'QUASHED_ON_APPEAL',
]);

export type OrderType = z.infer<typeof OrderType>;
export type RequirementType = z.infer<typeof RequirementType>;
export type RequirementMode = z.infer<typeof RequirementMode>;
export type ReviewMode = z.infer<typeof ReviewMode>;
export type IncidentSource = z.infer<typeof IncidentSource>;
export type IncidentDecision = z.infer<typeof IncidentDecision>;
export type RequirementEnd = z.infer<typeof RequirementEnd>;
export type OrderEnd = z.infer<typeof OrderEnd>;
export type AmendmentChange = z.infer<typeof AmendmentChange>;
export type PractitionerOpinion = z.infer<typeof PractitionerOpinion>;
