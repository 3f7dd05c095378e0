import type { LocalDate, Instant } from '../calendar';
import type {
  IncidentDecision,
  IncidentSource,
  OrderEnd,
  OrderType,
  OtherRequirementType,
  RequirementEnd,
} from '../enums';
import type { RequirementImposition } from '../links';
import type { OrderEventOf } from './events';
import type { ConsentStatus } from './events/pre-sentence';

/** Where an open case stands before sentence, in the order it moves through them. */
export const PRE_SENTENCE_STAGES = [
  'IDENTIFIED',
  'SCREENED_IN',
  'AWAITING_ASSESSMENT',
  'ASSESSED',
  'READY_TO_PROPOSE',
  'PROPOSED',
] as const;
export type PreSentenceStage = (typeof PRE_SENTENCE_STAGES)[number];

export type ClosedCaseStatus =
  'CLOSED_SCREENED_OUT' | 'CLOSED_DECLINED' | 'CLOSED_NOT_SENTENCED' | 'CLOSED_WITHDRAWN';

export type OrderStatus =
  | 'NOT_OPENED'
  | PreSentenceStage
  | ClosedCaseStatus
  | 'ACTIVE'
  | 'SSO_OPERATIONAL_ONLY'
  /** R31: a CO past its end date, kept open only by breach proceedings begun before it. */
  | 'EXPIRED_PROCEEDINGS_PENDING'
  /** R32: an SSO past its operational period, open only to activation for an offence committed within it. */
  | 'SSO_OPEN_TO_ACTIVATION'
  | 'ENDED';

type CaseIdentified = OrderEventOf<'CaseIdentified'>;

export interface CaseRecord {
  person: CaseIdentified['person'];
  court: CaseIdentified['court'];
  probationDeliveryUnit: string;
  hearingDate: LocalDate;
  convictionDate: LocalDate | null;
  plea: CaseIdentified['plea'];
  offences: CaseIdentified['offences'];
  identification: CaseIdentified['identification'];
  proposedTypes: CaseIdentified['proposedTypes'];
  openedAt: Instant;
  screening: { outcome: OrderEventOf<'ScreeningRecorded'>['outcome']; notes: string | null } | null;
  proposal: { psrReference: string; submittedAt: Instant; requirementIds: string[] } | null;
  closure: { reason: string | null; closedAt: Instant } | null;
}

/** A requirement type asked of a provider before sentence. */
export interface ProposedRequirement {
  requirementId: string;
  type: OrderEventOf<'AssessmentRequested'>['requirementType'];
  providerOrgId: string;
  requestedAt: Instant;
  assessment: Omit<OrderEventOf<'AssessmentCompleted'>, 'type' | 'requirementId'> | null;
  consent: { status: ConsentStatus; date: LocalDate } | null;
}

export interface ImposedRequirement {
  terms: RequirementImposition;
  /** As the requirement last reported it. */
  status: string;
  compliedWith: boolean;
  ended: RequirementEnd | null;
}

/** §5.4a: a non-CSTR requirement of the order, recorded for R19 and R27. */
export interface OtherRequirement {
  otherRequirementId: string;
  type: OtherRequirementType;
  hours: number | null;
  days: number | null;
  compliedOn: LocalDate | null;
  hoursDone: number | null;
}

export interface MadeOrder {
  orderType: OrderType;
  sentenceDate: LocalDate;
  /** R1: the person was 18 or over on it. */
  convictionDate: LocalDate;
  /** CO: the end date. SSO: the end of the supervision period. */
  endDate: LocalDate;
  operationalPeriodEndDate: LocalDate | null;
  custodialTermMonths: number | null;
  presumptionToSuspendApplied: boolean;
  /** Sch 10 para 13: the breach power to substitute a later end date is used once only. */
  endDateExtendedOnBreach: boolean;
  inductionCompletedOn: LocalDate | null;
  homeLocalJusticeArea: string;
  pendingResidenceChange: { newHomeLocalJusticeArea: string; permittedOn: LocalDate } | null;
  appealPending: boolean;
  supervisionEnded: { reason: OrderEventOf<'SupervisionEnded'>['reason']; endedOn: LocalDate } | null;
  /** Absent from an order carried over from a run before they were recorded: read with otherRequirementsOf. */
  otherRequirements?: OtherRequirement[];
  /** R27: the later date the RO specified for termination on completion, while it stands. */
  terminationScheduledFor?: LocalDate | null;
}

export type IncidentStatus = 'PENDING_DECISION' | 'ACCEPTABLE' | 'UNACCEPTABLE' | 'WARNED' | 'REFERRED';

export interface Incident {
  incidentId: string;
  requirementId: string;
  source: IncidentSource;
  occurredAt: Instant;
  subjectId: string;
  recordedAt: Instant;
  status: IncidentStatus;
  decision: { decision: IncidentDecision; reason: string | null; decidedOn: LocalDate } | null;
  warningId: string | null;
  referralId: string | null;
}

export interface Warning {
  warningId: string;
  incidentId: string;
  givenOn: LocalDate;
  expiresOn: LocalDate;
  circumstances: string;
  statement: string;
  deliveryMethod: OrderEventOf<'WarningGiven'>['deliveryMethod'];
  expired: boolean;
}

export interface Referral {
  referralId: string;
  incidentId: string;
  referredOn: LocalDate;
  mandatory: boolean;
  status: 'OPEN' | 'INFORMATION_LAID' | 'NO_FURTHER_ACTION';
  noFurtherActionReason: string | null;
  proceedingId: string | null;
}

export interface Proceeding {
  proceedingId: string;
  referralId: string;
  informationLaidOn: LocalDate;
  courtCode: string;
  status: 'OPEN' | 'DEALT_WITH';
  /** The summonses and warrants issued, in order (absent from a run carried over before they were recorded). */
  processes?: Pick<OrderEventOf<'SummonsOrWarrantIssued'>, 'process' | 'issuedOn'>[];
  outcome: Omit<OrderEventOf<'BreachDealtWith'>, 'type' | 'proceedingId'> | null;
}

export interface ComplianceRecordState {
  incidents: Record<string, Incident>;
  warnings: Warning[];
  referrals: Record<string, Referral>;
  proceedings: Record<string, Proceeding>;
  /** The last breach dealt with by a court: the nDelius failure-to-comply count starts again after it. */
  lastBreachResolvedOn: LocalDate | null;
}

export interface OrderState {
  orderId: string | null;
  status: OrderStatus;
  case: CaseRecord | null;
  proposed: Record<string, ProposedRequirement>;
  order: MadeOrder | null;
  requirements: Record<string, ImposedRequirement>;
  compliance: ComplianceRecordState;
  end: { reason: OrderEnd; endedOn: LocalDate; detail: string | null } | null;
  /** Keys of deadlines that have already fired, so that tick raises each once. */
  firedDeadlines: string[];
}

export const initialOrderState: OrderState = {
  orderId: null,
  status: 'NOT_OPENED',
  case: null,
  proposed: {},
  order: null,
  requirements: {},
  compliance: { incidents: {}, warnings: [], referrals: {}, proceedings: {}, lastBreachResolvedOn: null },
  end: null,
  firedDeadlines: [],
};
