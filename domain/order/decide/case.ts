import { accept, type DecideContext, ruleViolation, stateConflict } from '../../core';
import type { OrderCommandOf } from '../commands';
import { EARLIEST_DATE_OF_BIRTH, isAdultOn } from '../rules/limits';
import { isReadyToPropose } from '../rules/status';
import type { OrderState } from '../state';
import { checkFactDate, today, type OrderDecision } from './common';

export function decideOpenCase(
  state: OrderState,
  c: OrderCommandOf<'OpenCase'>,
  ctx: DecideContext,
): OrderDecision {
  if (state.status !== 'NOT_OPENED')
    return stateConflict('case-already-opened', 'This case is already open.');
  const born = c.person.dateOfBirth;
  if (born < EARLIEST_DATE_OF_BIRTH || born > today(ctx))
    return ruleViolation(
      'date-of-birth-out-of-range',
      `A date of birth is between ${EARLIEST_DATE_OF_BIRTH} and today.`,
      '/person/dateOfBirth',
    );
  // R1 is decided on the conviction date: at opening only when it is known (the person may be 17 at the
  // first hearing and 18 when convicted). Before the correction the hearing date stood in for it.
  const convicted = ctx.config.lawBeforeCorrections ? c.hearingDate : c.convictionDate;
  if (c.convictionDate !== undefined) {
    const future = checkFactDate(c.convictionDate, ctx, '/convictionDate');
    if (future) return future;
  }
  if (convicted !== undefined && !isAdultOn(born, convicted))
    return ruleViolation(
      'r1-under-18-at-conviction',
      'A community order or CSTR needs the person to be 18 or over when convicted.',
      c.convictionDate === undefined ? '/person/dateOfBirth' : '/convictionDate',
    );
  const late = checkFactDate(c.identification.date, ctx, '/identification/date');
  if (late) return late;
  const { type: _type, person, convictionDate, ...rest } = c;
  return accept({
    type: 'CaseIdentified',
    at: ctx.now,
    ...rest,
    convictionDate: convictionDate ?? null,
    person: { ...person, crn: person.crn ?? null },
  });
}

export function decideScreening(
  state: OrderState,
  c: OrderCommandOf<'RecordScreening'>,
  ctx: DecideContext,
): OrderDecision {
  if (state.status !== 'IDENTIFIED')
    return stateConflict('screening-already-recorded', 'This case has already been screened.');
  if (c.outcome === 'PROCEED_TO_ASSESSMENT' && !state.case?.offences.some((o) => o.imprisonable))
    return ruleViolation(
      'r1-offence-not-imprisonable',
      'A community order needs an offence punishable with imprisonment.',
      '/outcome',
    );
  return accept({ type: 'ScreeningRecorded', at: ctx.now, outcome: c.outcome, notes: c.notes ?? null });
}

export function decideProposal(
  state: OrderState,
  c: OrderCommandOf<'SubmitProposal'>,
  ctx: DecideContext,
): OrderDecision {
  if (state.status === 'PROPOSED')
    return stateConflict('proposal-already-submitted', 'The proposal has been submitted.');
  const ready = Object.values(state.proposed).filter(isReadyToPropose);
  if (ready.length === 0)
    return stateConflict(
      'r6-no-requirement-ready-to-propose',
      'A proposal needs at least one requirement assessed suitable with the person’s consent.',
    );
  return accept({
    type: 'ProposalSubmitted',
    at: ctx.now,
    psrReference: c.psrReference,
    requirementIds: ready.map((p) => p.requirementId),
  });
}

export function decideAdjournment(
  _state: OrderState,
  c: { nextHearingDate: string; reason?: string | undefined },
  ctx: DecideContext,
  field = '/nextHearingDate',
): OrderDecision {
  if (c.nextHearingDate < today(ctx))
    return ruleViolation('hearing-date-in-past', 'The next hearing cannot be in the past.', field);
  return accept({
    type: 'HearingAdjourned',
    at: ctx.now,
    nextHearingDate: c.nextHearingDate,
    reason: c.reason ?? null,
  });
}

export function decideWithdrawal(
  _state: OrderState,
  c: OrderCommandOf<'WithdrawCase'>,
  ctx: DecideContext,
): OrderDecision {
  return accept({ type: 'CaseWithdrawn', at: ctx.now, reason: c.reason });
}
