import { z } from 'zod';
import {
  AppointmentKind,
  Attended,
  AttendanceOutcome,
  DeliveryMode,
  IncidentDecision,
  IncidentSource,
  NoSessionReason,
  PractitionerOpinion,
  RequirementEnd,
  RescheduleRequestedBy,
  ReviewMode,
  ReviewOutcome,
  SampleStatus,
  SampleType,
  Substance,
  SubstanceResult,
  TestDirectedBy,
  TestMethod,
  TestOutcome,
} from '../enums';
import { RequirementImpositionSchema } from '../links';
import { IdSchema, InstantSchema, LocalDateSchema, PeriodSchema } from '../primitives';

// What happened to one requirement. Plain JSON: they cross Temporal's payload converter and the event store.

/** Every event names its requirement and the instant it happened. */
const base = { requirementId: IdSchema, at: InstantSchema };
const event = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), ...base, ...shape });
/** Events produced by the passage of time carry the key of the timer that fired, so it fires once. */
const timerEvent = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  event(type, { timer: z.string(), ...shape });

export const WithdrawnSchema = z.object({
  appointmentIds: z.array(IdSchema),
  testIds: z.array(IdSchema),
  reviewIds: z.array(IdSchema),
});
export type Withdrawn = z.infer<typeof WithdrawnSchema>;

const SubstanceResults = z.array(z.object({ substance: Substance, result: SubstanceResult }));

export const RequirementEventSchema = z.discriminatedUnion('type', [
  event('RequirementImposed', { imposition: RequirementImpositionSchema, notices: z.array(z.string()) }),
  event('ReviewScheduled', {
    reviewId: IdSchema,
    date: LocalDateSchema,
    mode: ReviewMode,
    offenderMustAttend: z.boolean(),
  }),
  event('ReferredToProvider', { providerOrgId: z.string() }),
  event('ReferralAccepted', { status: z.enum(['REFERRED', 'AWAITING_START']) }),
  event('ReferralDeclined', { reason: z.string().nullable() }),
  event('PractitionerAllocated', { name: z.string(), role: z.string() }),
  event('AppointmentBooked', {
    appointmentId: IdSchema,
    start: InstantSchema,
    durationMinutes: z.number().int(),
    kind: AppointmentKind,
    deliveryMode: DeliveryMode,
    enforceable: z.boolean(),
    rescheduledFrom: IdSchema.nullable(),
  }),
  event('FirstSessionBooked', { appointmentId: IdSchema }),
  event('AppointmentRescheduled', {
    appointmentId: IdSchema,
    newAppointmentId: IdSchema,
    requestedBy: RescheduleRequestedBy,
    reason: z.string(),
    outcome: z.enum(['RESCHEDULED_BY_SERVICE', 'RESCHEDULED_BY_POP']),
  }),
  event('OutcomeRecorded', {
    appointmentId: IdSchema,
    outcome: AttendanceOutcome,
    sessionHappened: z.boolean(),
    attended: Attended,
    lateReason: z.string().nullable(),
    noSessionReason: NoSessionReason.nullable(),
    behaviourConcern: z.boolean(),
    riskConcern: z.boolean(),
    notes: z.string().nullable(),
  }),
  /** The first attended appointment, or an admission for in-patient and residential treatment. */
  event('TreatmentStarted', { appointmentId: IdSchema.nullable() }),
  event('IncidentRaised', {
    incidentId: IdSchema,
    source: IncidentSource,
    subjectId: z.string(),
    occurredAt: InstantSchema,
    evidenceWindowEndsOn: LocalDateSchema,
  }),
  event('IncidentDecided', { incidentId: IdSchema, decision: IncidentDecision }),
  event('TestDirected', { testId: IdSchema, dueAt: InstantSchema, directedBy: TestDirectedBy }),
  event('SampleRecorded', {
    testId: IdSchema,
    status: SampleStatus,
    sampleType: SampleType.nullable(),
    method: TestMethod.nullable(),
  }),
  event('TestResultRecorded', {
    testId: IdSchema,
    substances: SubstanceResults,
    explanation: z.string().nullable(),
    outcome: TestOutcome.nullable(),
    recordedByResponsibleOfficer: z.boolean(),
  }),
  event('ResultCommunicatedToResponsibleOfficer', { testId: IdSchema }),
  event('PractitionerReportSubmitted', {
    reportId: IdSchema,
    opinion: PractitionerOpinion,
    narrative: z.string(),
  }),
  event('ApplicationToCourtRecorded', { appliedOn: LocalDateSchema }),
  event('ApplicationRefused', {}),
  event('ProviderViewsSubmitted', { reviewId: IdSchema, views: z.string() }),
  event('ReviewReportSubmitted', {
    reviewId: IdSchema,
    progress: z.enum(['SATISFACTORY', 'UNSATISFACTORY']),
    recommendation: z.string(),
    providerViews: z.string(),
    testResults: z.array(z.object({ testId: IdSchema, outcome: TestOutcome.nullable() })),
  }),
  event('ReviewHeld', {
    reviewId: IdSchema,
    outcome: ReviewOutcome,
    attended: z.boolean(),
    nextMode: ReviewMode,
  }),
  event('ReviewAdjourned', { reviewId: IdSchema, date: LocalDateSchema }),
  event('OrderRevokedAtReview', { reviewId: IdSchema, revokedOn: LocalDateSchema }),
  event('ClinicalCompletionRecorded', { on: LocalDateSchema, notes: z.string().nullable() }),
  event('PatientAdmitted', { admittedOn: LocalDateSchema }),
  event('PatientDischarged', { dischargedOn: LocalDateSchema }),
  event('TreatmentPlaceChanged', { newPlace: z.string(), underPractitioner: z.string() }),
  event('ResponsibleOfficerNotifiedOfPlaceChange', { newPlace: z.string() }),
  event('OrderEndDateChanged', {
    orderEndDate: LocalDateSchema,
    periods: z.array(PeriodSchema),
    withdrawn: WithdrawnSchema,
  }),
  event('PeriodExtended', { newPeriodEnd: LocalDateSchema }),
  event('TermsReplaced', {
    terms: RequirementImpositionSchema.pick({
      mode: true,
      periods: true,
      treatmentDirector: true,
      place: true,
      intervals: true,
      practitioner: true,
    }),
    withdrawn: WithdrawnSchema,
  }),
  event('RequirementEnded', { ended: RequirementEnd, withdrawn: WithdrawnSchema }),
  timerEvent('FirstAppointmentSlaMissed', { dueAt: InstantSchema }),
  timerEvent('OutcomeOverdue', { appointmentId: IdSchema }),
  timerEvent('AbsenceEvidenceWindowEnded', { incidentId: IdSchema }),
  timerEvent('LabResultOverdue', { testId: IdSchema }),
  timerEvent('PractitionerReportApplicationOverdue', { reportId: IdSchema }),
  timerEvent('ReviewReportOverdue', { reviewId: IdSchema }),
  timerEvent('ReviewOutcomeOverdue', { reviewId: IdSchema }),
  timerEvent('TreatmentPeriodEnded', { periodEnd: LocalDateSchema }),
]);
export type RequirementEvent = z.infer<typeof RequirementEventSchema>;
export type EventOf<T extends RequirementEvent['type']> = Extract<RequirementEvent, { type: T }>;
