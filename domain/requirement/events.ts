import { z } from 'zod';
import * as lifecycle from './events/lifecycle';
import * as delivery from './events/delivery';
import * as reviews from './events/reviews';
import * as changes from './events/changes';
import * as timers from './events/timers';

// What happened to one requirement. Plain JSON: they cross Temporal's payload converter and the event store.

export const RequirementEventSchema = z.discriminatedUnion('type', [
  lifecycle.RequirementImposed,
  reviews.ReviewScheduled,
  lifecycle.ReferredToProvider,
  lifecycle.ReferralAccepted,
  lifecycle.ReferralDeclined,
  lifecycle.PractitionerAllocated,
  delivery.AppointmentBooked,
  delivery.FirstSessionBooked,
  delivery.AppointmentRescheduled,
  delivery.OutcomeRecorded,
  delivery.TreatmentStarted,
  delivery.IncidentRaised,
  delivery.IncidentDecided,
  delivery.TestDirected,
  delivery.SampleRecorded,
  delivery.TestResultRecorded,
  delivery.ResultCommunicatedToResponsibleOfficer,
  lifecycle.PractitionerReportSubmitted,
  lifecycle.ApplicationToCourtRecorded,
  lifecycle.ApplicationRefused,
  reviews.ProviderViewsSubmitted,
  reviews.ReviewReportSubmitted,
  reviews.ReviewHeld,
  reviews.ReviewAdjourned,
  reviews.OrderRevokedAtReview,
  changes.ClinicalCompletionRecorded,
  changes.PatientAdmitted,
  changes.PatientDischarged,
  changes.TreatmentPlaceChanged,
  changes.ResponsibleOfficerNotifiedOfPlaceChange,
  changes.OrderEndDateChanged,
  changes.PeriodExtended,
  changes.TermsReplaced,
  lifecycle.RequirementEnded,
  timers.FirstAppointmentSlaMissed,
  timers.OutcomeOverdue,
  timers.AbsenceEvidenceWindowEnded,
  timers.LabResultOverdue,
  timers.PractitionerReportApplicationOverdue,
  timers.ReviewReportOverdue,
  timers.ReviewOutcomeOverdue,
  timers.TreatmentPeriodEnded,
]);
export type RequirementEvent = z.infer<typeof RequirementEventSchema>;
export type EventOf<T extends RequirementEvent['type']> = Extract<RequirementEvent, { type: T }>;
