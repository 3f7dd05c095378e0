import { z } from 'zod';
import * as compliance from './events/compliance';
import * as order from './events/order';
import * as preSentence from './events/pre-sentence';

export const OrderEventSchema = z.discriminatedUnion('type', [
  preSentence.CaseIdentified,
  preSentence.ScreeningRecorded,
  preSentence.AssessmentRequested,
  preSentence.AssessmentCompleted,
  preSentence.ConsentRecorded,
  preSentence.ProposalSubmitted,
  preSentence.HearingAdjourned,
  preSentence.CaseWithdrawn,
  preSentence.SentenceRecorded,
  preSentence.OrderMade,
  order.InductionCompleted,
  order.AmendmentApplied,
  order.EndDateExtended,
  order.OperationalPeriodExtended,
  order.ResidenceChangePermitted,
  order.HomeLocalJusticeAreaAmended,
  order.AppealLodged,
  order.AppealDetermined,
  order.RequirementStatusRecorded,
  order.SupervisionEnded,
  order.OrderExpiredProceedingsPending,
  order.OtherRequirementCompliedWith,
  order.TerminationScheduled,
  order.TerminationCancelled,
  order.OperationalPeriodEnded,
  order.OrderEnded,
  order.DeadlineMissed,
  compliance.IncidentRecorded,
  compliance.IncidentDecided,
  compliance.WarningGiven,
  compliance.WarningExpired,
  compliance.ReferredToEnforcementOfficer,
  compliance.InformationLaid,
  compliance.NoFurtherActionRecorded,
  compliance.SummonsOrWarrantIssued,
  compliance.BreachDealtWith,
]);
export type OrderEvent = z.infer<typeof OrderEventSchema>;
export type OrderEventOf<T extends OrderEvent['type']> = Extract<OrderEvent, { type: T }>;
