import { z } from 'zod';
import * as compliance from './commands/compliance';
import * as lifecycle from './commands/lifecycle';
import * as preSentence from './commands/pre-sentence';
import { RecordSentence } from './commands/sentence';

export const OrderCommandSchema = z.discriminatedUnion('type', [
  preSentence.OpenCase,
  preSentence.RecordScreening,
  preSentence.RequestAssessment,
  preSentence.RecordAssessment,
  preSentence.RecordConsent,
  preSentence.SubmitProposal,
  preSentence.AdjournHearing,
  preSentence.WithdrawCase,
  RecordSentence,
  lifecycle.CompleteInduction,
  lifecycle.AmendRequirement,
  lifecycle.ExtendEndDate,
  lifecycle.PermitResidenceChange,
  lifecycle.AmendHomeLocalJusticeArea,
  lifecycle.RecordAppeal,
  lifecycle.RecordAppealDetermined,
  lifecycle.RevokeOrder,
  lifecycle.TerminateOnCompletion,
  lifecycle.RecordOtherRequirementCompliance,
  lifecycle.RecordDeath,
  lifecycle.RecordTransferOut,
  lifecycle.ActivateSuspendedSentence,
  lifecycle.RecordRequirementStatus,
  lifecycle.RecordRevocationAtReview,
  compliance.RecordIncident,
  compliance.DecideIncident,
  compliance.GiveWarning,
  compliance.ReferToEnforcement,
  compliance.LayInformation,
  compliance.RecordNoFurtherAction,
  compliance.RecordSummonsOrWarrant,
  compliance.RecordBreachOutcome,
]);
export type OrderCommand = z.infer<typeof OrderCommandSchema>;

/** What the order's requirements tell it (links.ts): commands no party sends. */
type FromRequirements = 'RecordIncident' | 'RecordRequirementStatus' | 'RecordRevocationAtReview';

/** An order command that a party sends. */
export type PartyOrderCommand = Exclude<OrderCommand, { type: FromRequirements }>;

export type OrderCommandOf<T extends OrderCommand['type']> = Extract<OrderCommand, { type: T }>;
