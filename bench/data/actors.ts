import { type Actor, SYSTEM_ACTOR } from '../../domain/records';

const court: Actor = { sub: 'court-clerk-1', role: 'court', org: 'court-B01LY' };
const assessor: Actor = { sub: 'court-assessor-1', role: 'court-assessor', org: 'court-team-1' };
const probation: Actor = { sub: 'probation-officer-1', role: 'probation', org: 'pdu-1' };

const ASSESSOR_COMMANDS = new Set([
  'OpenCase',
  'RecordScreening',
  'RequestAssessment',
  'RecordAssessment',
  'RecordConsent',
  'SubmitProposal',
]);
const COURT_COMMANDS = new Set(['RecordSentence', 'RecordReviewOutcome', 'RecordBreachOutcome']);
const PROBATION_COMMANDS = new Set([
  'CompleteInduction',
  'ReferToProvider',
  'DecideIncident',
  'GiveWarning',
  'ReferToEnforcement',
  'SubmitReviewReport',
  'RecordApplicationToCourt',
]);

/** Who sends a command in the design year (messages between aggregates and timers are the system's). */
export function actorFor(commandType: string, providerOrgId: string | null): Actor {
  if (ASSESSOR_COMMANDS.has(commandType)) return assessor;
  if (COURT_COMMANDS.has(commandType)) return court;
  if (PROBATION_COMMANDS.has(commandType)) return probation;
  return { sub: 'practitioner-1', role: 'provider', org: providerOrgId ?? 'provider-unknown' };
}

export { SYSTEM_ACTOR };
