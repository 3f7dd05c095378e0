import { addMonths } from '../../calendar';
import { accept, type DecideContext } from '../../core';
import { checkImposition } from '../../requirement/terms';
import { lastPeriodEnd } from '../../requirement/periods';
import type { OrderCommandOf } from '../commands';
import { END_DATE_EXTENSION_MAX_MONTHS } from '../rules/limits';
import { openRequirementIds } from '../rules/status';
import type { OrderState } from '../state';
import {
  checkFactDate,
  madeOrder,
  notFound,
  ruleViolation,
  stateConflict,
  type OrderDecision,
} from './common';
import { modeFitsType } from './pre-sentence';

export function decideInduction(
  state: OrderState,
  c: OrderCommandOf<'CompleteInduction'>,
  ctx: DecideContext,
): OrderDecision {
  const order = madeOrder(state);
  if (order.inductionCompletedOn)
    return stateConflict('induction-already-completed', 'The induction has been recorded.');
  const bad = checkFactDate(c.completedOn, ctx, '/completedOn', order.sentenceDate);
  if (bad) return bad;
  return accept({ type: 'InductionCompleted', at: ctx.now, completedOn: c.completedOn });
}

/** R6 (willingness to any amendment that imposes something) and R28 (cancel, or replace with the same kind). */
export function decideAmendment(
  state: OrderState,
  c: OrderCommandOf<'AmendRequirement'>,
  ctx: DecideContext,
): OrderDecision {
  const order = madeOrder(state);
  const r = state.requirements[c.requirementId];
  if (!r) return notFound('requirement-not-found', 'No such requirement on this order.', '/requirementId');
  if (r.ended) return stateConflict('requirement-ended', 'This requirement has ended.', '/requirementId');
  if (c.effectiveOn < order.sentenceDate)
    return ruleViolation('date-too-early', 'An amendment takes effect after the order.', '/effectiveOn');
  if (c.change !== 'CANCEL' && !c.offenderWilling)
    return ruleViolation(
      'r6-offender-not-willing',
      'A treatment requirement is amended only if the person expresses willingness to comply with it as amended.',
      '/offenderWilling',
    );
  let newPeriodEnd = null;
  let replacement = null;
  if (c.change === 'EXTEND_PERIOD') {
    if (c.newPeriodEnd === undefined)
      return ruleViolation('new-period-end-required', 'An extension gives the new end.', '/newPeriodEnd');
    if (c.newPeriodEnd <= lastPeriodEnd(r.terms.periods))
      return ruleViolation('new-period-end-not-later', 'An extension ends later than now.', '/newPeriodEnd');
    if (c.newPeriodEnd > order.endDate)
      return ruleViolation(
        'r3-period-beyond-order-end',
        "A requirement runs at most to the order's end date.",
        '/newPeriodEnd',
      );
    newPeriodEnd = c.newPeriodEnd;
  }
  if (c.change === 'REPLACE') {
    if (c.replacement === undefined)
      return ruleViolation('replacement-required', 'A replacement gives the new terms.', '/replacement');
    if (!modeFitsType(r.terms.type, c.replacement.mode))
      return ruleViolation(
        'r28-replacement-not-same-kind',
        `A ${r.terms.type} can be replaced only by a requirement of the same kind.`,
        '/replacement/mode',
      );
    const {
      mode: _m,
      periods: _p,
      treatmentDirector: _d,
      place: _pl,
      intervals: _i,
      practitioner: _pr,
      ...kept
    } = r.terms;
    const rejection = checkImposition({ ...kept, ...c.replacement, orderEndDate: order.endDate }, ctx.config);
    if (rejection)
      return ruleViolation(rejection.code, rejection.message, `/replacement${rejection.field ?? ''}`);
    replacement = c.replacement;
  }
  return accept({
    type: 'AmendmentApplied',
    at: ctx.now,
    requirementId: c.requirementId,
    change: c.change,
    effectiveOn: c.effectiveOn,
    newPeriodEnd,
    replacement,
  });
}

/** Sch 10 para 20: on application, a CO's end date may move at most 6 months later. */
export function decideEndDateExtension(
  state: OrderState,
  c: OrderCommandOf<'ExtendEndDate'>,
  ctx: DecideContext,
): OrderDecision {
  const order = madeOrder(state);
  if (order.orderType !== 'COMMUNITY_ORDER')
    return ruleViolation(
      'community-order-only',
      'Only a community order has an end date to extend.',
      '/newEndDate',
    );
  if (c.newEndDate <= order.endDate)
    return ruleViolation(
      'new-end-date-not-later',
      'The new end date is after the current one.',
      '/newEndDate',
    );
  if (c.newEndDate > addMonths(order.endDate, END_DATE_EXTENSION_MAX_MONTHS))
    return ruleViolation(
      'r19-extension-over-six-months',
      'The end date can move at most 6 months after the current end date.',
      '/newEndDate',
    );
  return accept({
    type: 'EndDateExtended',
    at: ctx.now,
    previousEndDate: order.endDate,
    newEndDate: c.newEndDate,
    onBreach: false,
    requirementIds: openRequirementIds(state),
  });
}

export function decideResidencePermission(
  state: OrderState,
  c: OrderCommandOf<'PermitResidenceChange'>,
  ctx: DecideContext,
): OrderDecision {
  const order = madeOrder(state);
  if (c.newHomeLocalJusticeArea === order.homeLocalJusticeArea)
    return ruleViolation(
      'same-home-area',
      'This is already the home local justice area.',
      '/newHomeLocalJusticeArea',
    );
  const bad = checkFactDate(c.permittedOn, ctx, '/permittedOn', order.sentenceDate);
  if (bad) return bad;
  return accept({ type: 'ResidenceChangePermitted', at: ctx.now, ...withoutType(c) });
}

/** R26: the court amends the home local justice area to the one the RO permitted the move to. */
export function decideHomeAreaAmendment(
  state: OrderState,
  c: OrderCommandOf<'AmendHomeLocalJusticeArea'>,
  ctx: DecideContext,
): OrderDecision {
  const order = madeOrder(state);
  if (order.pendingResidenceChange?.newHomeLocalJusticeArea !== c.newHomeLocalJusticeArea)
    return stateConflict(
      'r26-residence-change-not-permitted',
      'The responsible officer has not permitted a move to this local justice area.',
      '/newHomeLocalJusticeArea',
    );
  const bad = checkFactDate(c.amendedOn, ctx, '/amendedOn', order.pendingResidenceChange.permittedOn);
  if (bad) return bad;
  return accept({ type: 'HomeLocalJusticeAreaAmended', at: ctx.now, ...withoutType(c) });
}

export function decideAppeal(
  state: OrderState,
  c: OrderCommandOf<'RecordAppeal'>,
  ctx: DecideContext,
): OrderDecision {
  const order = madeOrder(state);
  if (order.appealPending) return stateConflict('appeal-already-pending', 'An appeal is already pending.');
  const bad = checkFactDate(c.lodgedOn, ctx, '/lodgedOn', order.sentenceDate);
  if (bad) return bad;
  return accept({ type: 'AppealLodged', at: ctx.now, lodgedOn: c.lodgedOn });
}

export function decideRequirementStatus(
  state: OrderState,
  c: OrderCommandOf<'RecordRequirementStatus'>,
  ctx: DecideContext,
): OrderDecision {
  const r = state.requirements[c.requirementId];
  if (!r) return notFound('requirement-not-found', 'No such requirement on this order.', '/requirementId');
  const ended = c.ended ?? null;
  if (r.status === c.status && r.compliedWith === c.compliedWith && r.ended === (ended ?? r.ended))
    return accept();
  return accept({
    type: 'RequirementStatusRecorded',
    at: ctx.now,
    requirementId: c.requirementId,
    status: c.status,
    compliedWith: c.compliedWith,
    ended,
  });
}

function withoutType<T extends { type: string }>(c: T): Omit<T, 'type'> {
  const { type: _type, ...rest } = c;
  return rest;
}
