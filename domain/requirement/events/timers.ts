import { IdSchema, InstantSchema, LocalDateSchema } from '../../primitives';
import { timerEvent } from './shape';

// What the passage of time produced: deadlines that went by.

export const FirstAppointmentSlaMissed = timerEvent('FirstAppointmentSlaMissed', { dueAt: InstantSchema });

export const OutcomeOverdue = timerEvent('OutcomeOverdue', { appointmentId: IdSchema });

export const AbsenceEvidenceWindowEnded = timerEvent('AbsenceEvidenceWindowEnded', { incidentId: IdSchema });

export const LabResultOverdue = timerEvent('LabResultOverdue', { testId: IdSchema });

export const PractitionerReportApplicationOverdue = timerEvent('PractitionerReportApplicationOverdue', {
  reportId: IdSchema,
});

export const ReviewReportOverdue = timerEvent('ReviewReportOverdue', { reviewId: IdSchema });

export const ReviewOutcomeOverdue = timerEvent('ReviewOutcomeOverdue', { reviewId: IdSchema });

export const TreatmentPeriodEnded = timerEvent('TreatmentPeriodEnded', { periodEnd: LocalDateSchema });
