import { z } from 'zod';
import * as lifecycle from './commands/lifecycle';
import * as appointments from './commands/appointments';
import * as drugTests from './commands/drug-tests';
import * as reviews from './commands/reviews';
import * as treatment from './commands/treatment';

// The commands of one requirement: the API's request bodies plus the ids from the path and the ids the API
// generates for things the caller creates. Every schema is strict: unknown fields are refused.

export const RequirementCommandSchema = z.discriminatedUnion('type', [
  lifecycle.Impose,
  lifecycle.ReferToProvider,
  lifecycle.RecordAcceptance,
  lifecycle.AllocatePractitioner,
  appointments.BookAppointment,
  appointments.RescheduleAppointment,
  appointments.RecordOutcome,
  drugTests.DirectDrugTest,
  drugTests.RecordSample,
  drugTests.RecordTestResult,
  lifecycle.SubmitPractitionerReport,
  lifecycle.RecordApplicationToCourt,
  lifecycle.RecordApplicationRefused,
  reviews.SubmitProviderViews,
  reviews.SubmitReviewReport,
  reviews.RecordReviewOutcome,
  treatment.RecordClinicalCompletion,
  treatment.RecordAdmission,
  treatment.RecordDischarge,
  treatment.ChangeTreatmentPlace,
  lifecycle.ApplyOrderMessage,
]);
export type RequirementCommand = z.infer<typeof RequirementCommandSchema>;

/** What the order does to its requirement: imposes it when the workflow starts, and sends it messages. */
type FromOrder = 'Impose' | 'ApplyOrderMessage';

/** A requirement command that a party sends. */
export type PartyRequirementCommand = Exclude<RequirementCommand, { type: FromOrder }>;

export type CommandOf<T extends RequirementCommand['type']> = Extract<RequirementCommand, { type: T }>;
