import { everyOf } from '../core';
import type { PartyRequirementCommand } from './commands';

/** The requirement commands a party sends, one update each (the workflows define them without the schemas). */
export const partyRequirementCommandTypes = everyOf<PartyRequirementCommand['type']>()([
  'ReferToProvider',
  'RecordAcceptance',
  'AllocatePractitioner',
  'BookAppointment',
  'RescheduleAppointment',
  'RecordOutcome',
  'DirectDrugTest',
  'RecordSample',
  'RecordTestResult',
  'SubmitPractitionerReport',
  'RecordApplicationToCourt',
  'RecordApplicationRefused',
  'SubmitProviderViews',
  'SubmitReviewReport',
  'RecordReviewOutcome',
  'RecordClinicalCompletion',
  'RecordAdmission',
  'RecordDischarge',
  'ChangeTreatmentPlace',
]);
