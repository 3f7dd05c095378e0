import { londonDate } from '../../calendar';
import { accept, type DecideContext, notFound, ruleViolation, stateConflict } from '../../core';
import type { OrderCommandOf } from '../commands';
import {
  describeIncident,
  isReferralMandatory,
  warningExpiresOn,
  warningStatement,
  warningWithin12MonthsOf,
} from '../rules/warnings';
import type { Incident, OrderState } from '../state';
import { checkFactDate, madeOrder, today, type OrderDecision } from './common';

export function decideIncident(
  state: OrderState,
  c: OrderCommandOf<'RecordIncident'>,
  ctx: DecideContext,
): OrderDecision {
  if (!state.requirements[c.requirementId])
    return notFound('requirement-not-found', 'No such requirement on this order.', '/requirementId');
  if (state.status !== 'ACTIVE')
    return stateConflict('supervision-already-ended', 'The community requirements have ended.');
  const { type: _type, ...incident } = c;
  return accept({ type: 'IncidentRecorded', at: ctx.now, ...incident });
}

export function decideIncidentDecision(
  state: OrderState,
  c: OrderCommandOf<'DecideIncident'>,
  ctx: DecideContext,
): OrderDecision {
  const incident = state.compliance.incidents[c.incidentId];
  if (!incident) return notFound('incident-not-found', 'No such incident on this order.', '/incidentId');
  if (incident.status !== 'PENDING_DECISION')
    return stateConflict('incident-already-decided', 'This incident has been decided.', '/incidentId');
  return accept({
    type: 'IncidentDecided',
    at: ctx.now,
    incidentId: c.incidentId,
    requirementId: incident.requirementId,
    subjectId: incident.subjectId,
    decision: c.decision,
    reason: c.reason ?? null,
    decidedOn: today(ctx),
  });
}

/** The unacceptable failure that the RO now acts on, or why it cannot be acted on. */
function unacceptableFailure(state: OrderState, incidentId: string): Incident | OrderDecision {
  const incident = state.compliance.incidents[incidentId];
  if (!incident) return notFound('incident-not-found', 'No such incident on this order.', '/incidentId');
  if (incident.status === 'PENDING_DECISION' || incident.status === 'ACCEPTABLE')
    return stateConflict(
      'incident-not-unacceptable',
      'Only a failure decided unacceptable leads to a warning or a referral.',
      '/incidentId',
    );
  if (incident.status !== 'UNACCEPTABLE')
    return stateConflict(
      'incident-already-actioned',
      'This failure has been warned or referred.',
      '/incidentId',
    );
  return incident;
}

/** R15 (one warning in 12 months; referral after a warning) and R16 (what the warning says). */
export function decideWarning(
  state: OrderState,
  c: OrderCommandOf<'GiveWarning'>,
  ctx: DecideContext,
): OrderDecision {
  const incident = unacceptableFailure(state, c.incidentId);
  if ('ok' in incident) return incident;
  const bad = checkFactDate(c.givenOn, ctx, '/givenOn', madeOrder(state).sentenceDate);
  if (bad) return bad;
  if (c.givenOn < londonDate(incident.occurredAt))
    return ruleViolation(
      'r16-warning-before-failure',
      'A warning follows the failure it is about.',
      '/givenOn',
    );
  if (isReferralMandatory(state, incident))
    return stateConflict(
      'r15-referral-required',
      'This failure happened within 12 months of a warning: it must be referred to the enforcement officer.',
      '/incidentId',
    );
  const live = warningWithin12MonthsOf(state, c.givenOn);
  if (live)
    return stateConflict(
      'r15-warning-already-live',
      `A warning was given on ${live.givenOn}: no further warning within 12 months of it.`,
      '/givenOn',
    );
  const expiresOn = warningExpiresOn(c.givenOn);
  return accept({
    type: 'WarningGiven',
    at: ctx.now,
    warningId: ctx.newId(),
    incidentId: c.incidentId,
    givenOn: c.givenOn,
    expiresOn,
    circumstances: c.circumstances ?? describeIncident(incident),
    statement: warningStatement(expiresOn),
    deliveryMethod: c.deliveryMethod ?? null,
  });
}

/** R15 (mandatory after a warning) and R17 (the RO's choice on a first failure). */
export function decideReferral(
  state: OrderState,
  c: OrderCommandOf<'ReferToEnforcement'>,
  ctx: DecideContext,
): OrderDecision {
  const incident = unacceptableFailure(state, c.incidentId);
  if ('ok' in incident) return incident;
  return accept({
    type: 'ReferredToEnforcementOfficer',
    at: ctx.now,
    referralId: ctx.newId(),
    incidentId: c.incidentId,
    referredOn: today(ctx),
    mandatory: isReferralMandatory(state, incident),
  });
}
