import { everyOf } from '../core';
import type { PartyOrderCommand } from './commands';

/** The order commands a party sends, one update each (the workflows define them without loading the schemas). */
export const partyOrderCommandTypes = everyOf<PartyOrderCommand['type']>()([
  'OpenCase',
  'RecordScreening',
  'RequestAssessment',
  'RecordAssessment',
  'RecordConsent',
  'SubmitProposal',
  'AdjournHearing',
  'WithdrawCase',
  'RecordSentence',
  'CompleteInduction',
  'AmendRequirement',
  'ExtendEndDate',
  'PermitResidenceChange',
  'AmendHomeLocalJusticeArea',
  'RecordAppeal',
  'RecordAppealDetermined',
  'RevokeOrder',
  'TerminateOnCompletion',
  'RecordOtherRequirementCompliance',
  'RecordDeath',
  'RecordTransferOut',
  'ActivateSuspendedSentence',
  'DecideIncident',
  'GiveWarning',
  'ReferToEnforcement',
  'LayInformation',
  'RecordNoFurtherAction',
  'RecordBreachOutcome',
]);
