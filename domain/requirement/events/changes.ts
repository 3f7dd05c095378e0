import { z } from 'zod';
import { RequirementTermsSchema } from '../../links';
import { LocalDateSchema, PeriodSchema } from '../../primitives';
import { WithdrawnSchema, event } from './shape';

// Changes to the treatment (the provider's facts) and to the terms (the court's, through the order).

export const ClinicalCompletionRecorded = event('ClinicalCompletionRecorded', {
  on: LocalDateSchema,
  notes: z.string().nullable(),
});

export const PatientAdmitted = event('PatientAdmitted', { admittedOn: LocalDateSchema });

export const PatientDischarged = event('PatientDischarged', { dischargedOn: LocalDateSchema });

export const TreatmentPlaceChanged = event('TreatmentPlaceChanged', {
  newPlace: z.string(),
  underPractitioner: z.string(),
});

export const ResponsibleOfficerNotifiedOfPlaceChange = event('ResponsibleOfficerNotifiedOfPlaceChange', {
  newPlace: z.string(),
});

export const OrderEndDateChanged = event('OrderEndDateChanged', {
  orderEndDate: LocalDateSchema,
  periods: z.array(PeriodSchema),
  withdrawn: WithdrawnSchema,
});

export const PeriodExtended = event('PeriodExtended', { newPeriodEnd: LocalDateSchema });

export const TermsReplaced = event('TermsReplaced', {
  terms: RequirementTermsSchema,
  withdrawn: WithdrawnSchema,
});
