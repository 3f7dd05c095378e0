import type { Instant, LocalDate } from '../calendar';
import type { z } from 'zod';
import type {
  AppointmentKind,
  AttendanceOutcome,
  DeliveryMode,
  IncidentDecision,
  IncidentSource,
  PractitionerOpinion,
  RequirementEnd,
  ReviewMode,
  ReviewOutcome,
  TestDirectedBy,
  TestOutcome,
} from '../enums';
import type { RequirementImposition } from '../links';
import type { Sample, SubstanceFinding } from './drug-test';

/** A requirement's lifecycle; the view derives the finer display (AMENDMENT_PENDING, CLINICALLY_COMPLETE, …). */
export type LifecycleStatus =
  | 'AWAITING_REFERRAL'
  | 'REFERRED'
  | 'ALLOCATED'
  | 'AWAITING_START'
  | 'IN_TREATMENT'
  | 'COMPLETED'
  | 'TERMINATED';

export interface Appointment {
  id: string;
  start: Instant;
  durationMinutes: number;
  kind: z.infer<typeof AppointmentKind>;
  deliveryMode: z.infer<typeof DeliveryMode>;
  enforceable: boolean;
  status: 'SCHEDULED' | 'OUTCOME_RECORDED' | 'SUPERSEDED' | 'WITHDRAWN';
  outcome: z.infer<typeof AttendanceOutcome> | null;
  rescheduledFrom: string | null;
  rescheduledTo: string | null;
  incidentId: string | null;
  notes: string | null;
}

export interface DrugTest {
  id: string;
  dueAt: Instant;
  directedBy: z.infer<typeof TestDirectedBy>;
  status: 'DIRECTED' | 'COLLECTED' | 'NOT_OBTAINED' | 'RESULTED' | 'WITHDRAWN';
  sampleStatus: Sample['status'] | null;
  sampleType: Sample['sampleType'];
  method: Sample['method'];
  sampleRecordedAt: Instant | null;
  substances: SubstanceFinding[];
  outcome: z.infer<typeof TestOutcome> | null;
  explanation: string | null;
  resultAt: Instant | null;
  /** Para 19(7): known to the responsible officer, directly or by communication. */
  resultKnownToResponsibleOfficer: boolean;
  incidentId: string | null;
}

export interface ReviewReport {
  progress: 'SATISFACTORY' | 'UNSATISFACTORY';
  recommendation: string;
  providerViews: string;
  /** The tests resulted since the previous review, as they stood when the report was written (R11). */
  testResults: { testId: string; outcome: z.infer<typeof TestOutcome> | null }[];
  submittedAt: Instant;
}

export interface Review {
  id: string;
  date: LocalDate;
  mode: z.infer<typeof ReviewMode>;
  offenderMustAttend: boolean;
  status: 'SCHEDULED' | 'HELD' | 'WITHDRAWN';
  providerViews: string | null;
  report: ReviewReport | null;
  outcome: z.infer<typeof ReviewOutcome> | null;
  attended: boolean | null;
  incidentId: string | null;
}

export interface Incident {
  id: string;
  source: z.infer<typeof IncidentSource>;
  subjectId: string;
  occurredAt: Instant;
  /** The day the person's window to evidence a reasonable excuse closes. */
  evidenceWindowEndsOn: LocalDate;
  decision: z.infer<typeof IncidentDecision> | null;
}

export interface PendingAmendment {
  reportId: string;
  opinion: z.infer<typeof PractitionerOpinion>;
  narrative: string;
  submittedAt: Instant;
  appliedToCourtOn: LocalDate | null;
}

export interface ImposedRequirement {
  status: LifecycleStatus;
  imposition: RequirementImposition;
  notices: string[];
  imposedAt: Instant;
  providerOrgId: string | null;
  referralAcceptedAt: Instant | null;
  allocatedPractitioner: { name: string; role: string } | null;
  firstAttendedAt: Instant | null;
  appointments: Record<string, Appointment>;
  /** The ids of the appointments still SCHEDULED, in the order of `appointments`: the open ones, without a walk
   * over every appointment ever booked (`carriedRequirement` builds it for a state carried without it). */
  scheduledIds: string[];
  drugTests: Record<string, DrugTest>;
  reviews: Record<string, Review>;
  /** R12: the mode the next scheduled review takes. */
  reviewMode: z.infer<typeof ReviewMode> | null;
  incidents: Record<string, Incident>;
  amendmentPending: PendingAmendment | null;
  clinicallyCompletedOn: LocalDate | null;
  admittedOn: LocalDate | null;
  treatmentPlace: string | null;
  periodEnded: boolean;
  ended: z.infer<typeof RequirementEnd> | null;
  /** Timers that have fired, by key, so that each fires once. */
  fired: Record<string, true>;
}

export type RequirementState = { status: 'NOT_IMPOSED' } | ImposedRequirement;

export const initialRequirementState: RequirementState = { status: 'NOT_IMPOSED' };

export function isImposed(state: RequirementState): state is ImposedRequirement {
  return state.status !== 'NOT_IMPOSED';
}

export function isRequirementTerminal(state: RequirementState): boolean {
  return state.status === 'COMPLETED' || state.status === 'TERMINATED';
}

/** Whether the requirement is complied with in full: R27's test for termination on completion. */
export function isCompliedWith(ended: z.infer<typeof RequirementEnd> | null): boolean {
  return ended === 'COMPLETED' || ended === 'COMPLETED_EARLY_COURT_CANCELLED';
}
