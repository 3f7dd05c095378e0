import { type LocalDate, londonDate } from '../../calendar';
import {
  accept,
  type DecideContext,
  given,
  notFound,
  type Refusal,
  ruleViolation,
  stateConflict,
} from '../../core';
import type { OrderCommandOf } from '../commands';
import {
  describeIncident,
  isReferralMandatory,
  warningExpiresOn,
  warningStatement,
  warningWithin12MonthsOf,
} from '../rules/warnings';
import { isAfterOrderEnd } from '../rules/status';
import type { Incident, OrderState } from '../state';
import { checkFactDate, madeOrder, today, type OrderDecision } from './common';

/** R31: no failure to comply, and no warning, after the order's end date (as extended). */
function failureAfterEnd(
  state: OrderState,
  date: LocalDate,
  field: string,
  ctx: DecideContext,
): OrderDecision | null {
  if (ctx.config.lawBeforeCorrections || !isAfterOrderEnd(state, date)) return null;
  return ruleViolation(
    field === '/givenOn' ? 'r31-warning-after-end-date' : 'r31-failure-after-end-date',
    `The order was in force until ${madeOrder(state).endDate}: nothing after it is a failure to comply, nor can a warning be given for one.`,
    field,
  );
}

export function decideIncident(
  state: OrderState,
  c: OrderCommandOf<'RecordIncident'>,
  ctx: DecideContext,
): OrderDecision {
  if (!state.requirements[c.requirementId])
    return notFound('requirement-not-found', 'No such requirement on this order.', '/requirementId');
  if (state.status !== 'ACTIVE' && state.status !== 'EXPIRED_PROCEEDINGS_PENDING')
    return stateConflict('supervision-already-ended', 'The community requirements have ended.');
  const failure = failureAfterEnd(state, londonDate(c.occurredAt), '/occurredAt', ctx);
  if (failure) return failure;
  const { type: _type, ...incident } = c;
  const scheduled = state.order?.terminationScheduledFor;
  return accept(
    { type: 'IncidentRecorded', at: ctx.now, ...incident },
    // R27: a failure reported before the date the RO specified: the order does not terminate on it.
    ...(scheduled
      ? [
          {
            type: 'TerminationCancelled' as const,
            at: ctx.now,
            terminationDate: scheduled,
            reason: 'A failure to comply was reported.',
          },
        ]
      : []),
  );
}

/** The incident the command names, or its refusal as not found. */
function incidentOf(state: OrderState, c: { incidentId: string }): Incident | Refusal {
  return (
    state.compliance.incidents[c.incidentId] ??
    notFound('incident-not-found', 'No such incident on this order.', '/incidentId')
  );
}

export const decideIncidentDecision = given(
  incidentOf,
  (incident, state, c: OrderCommandOf<'DecideIncident'>, ctx): OrderDecision => {
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
  },
);

/** The unacceptable failure that the RO now acts on, or why it cannot be acted on. */
function unacceptableFailure(state: OrderState, c: { incidentId: string }): Incident | Refusal {
  const incident = incidentOf(state, c);
  if ('ok' in incident) return incident;
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
export const decideWarning = given(
  unacceptableFailure,
  (incident, state, c: OrderCommandOf<'GiveWarning'>, ctx): OrderDecision => {
    const bad = checkFactDate(c.givenOn, ctx, '/givenOn', madeOrder(state).sentenceDate);
    if (bad) return bad;
    const late =
      failureAfterEnd(state, londonDate(incident.occurredAt), '/incidentId', ctx) ??
      failureAfterEnd(state, c.givenOn, '/givenOn', ctx);
    if (late) return late;
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
  },
);

/** R15 (mandatory after a warning) and R17 (the RO's choice on a first failure). */
export const decideReferral = given(
  unacceptableFailure,
  (incident, state, c: OrderCommandOf<'ReferToEnforcement'>, ctx): OrderDecision => {
    const late = failureAfterEnd(state, londonDate(incident.occurredAt), '/incidentId', ctx);
    if (late) return late;
    return accept({
      type: 'ReferredToEnforcementOfficer',
      at: ctx.now,
      referralId: ctx.newId(),
      incidentId: c.incidentId,
      referredOn: today(ctx),
      mandatory: isReferralMandatory(state, incident),
    });
  },
);
