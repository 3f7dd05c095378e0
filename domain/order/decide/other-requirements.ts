import { accept, type DecideContext, notFound, type Refusal, ruleViolation, stateConflict } from '../../core';
import type { OrderCommandOf } from '../commands';
import type { SentencedOtherRequirement } from '../commands/sentence';
import type { OrderEventOf } from '../events';
import { UNPAID_WORK_MAX_HOURS, UNPAID_WORK_MIN_HOURS } from '../rules/limits';
import { otherRequirementsOf } from '../rules/status';
import type { OrderState } from '../state';
import { checkFactDate, madeOrder, type OrderDecision } from './common';

type OtherRequirementRecord = NonNullable<OrderEventOf<'OrderMade'>['otherRequirements']>[number];

/** §5.4a: what each other requirement of the sentence carries: unpaid work its hours, a rehabilitation activity its days. */
function checkOne(r: SentencedOtherRequirement, at: string): Refusal | null {
  const unpaid = r.type === 'UNPAID_WORK';
  const activity = r.type === 'REHABILITATION_ACTIVITY';
  if (unpaid && r.hours === undefined)
    return ruleViolation('unpaid-work-hours-required', 'Unpaid work states its hours.', `${at}/hours`);
  if (!unpaid && r.hours !== undefined)
    return ruleViolation('hours-only-for-unpaid-work', 'Only unpaid work has hours.', `${at}/hours`);
  if (r.hours !== undefined && (r.hours < UNPAID_WORK_MIN_HOURS || r.hours > UNPAID_WORK_MAX_HOURS))
    return ruleViolation(
      'unpaid-work-hours-out-of-range',
      `Unpaid work is ${UNPAID_WORK_MIN_HOURS} to ${UNPAID_WORK_MAX_HOURS} hours.`,
      `${at}/hours`,
    );
  if (activity && r.days === undefined)
    return ruleViolation(
      'rehabilitation-activity-days-required',
      'A rehabilitation activity requirement states its days.',
      `${at}/days`,
    );
  if (!activity && r.days !== undefined)
    return ruleViolation(
      'days-only-for-rehabilitation-activity',
      'Only a rehabilitation activity requirement has days.',
      `${at}/days`,
    );
  return null;
}

/** The sentence's other requirements, each with a new id, or why they cannot be recorded like this. */
export function otherRequirementsAtSentence(
  given: readonly SentencedOtherRequirement[],
  ctx: DecideContext,
): OtherRequirementRecord[] | Refusal {
  const records: OtherRequirementRecord[] = [];
  for (const [i, r] of given.entries()) {
    const problem = checkOne(r, `/otherRequirements/${i}`);
    if (problem) return problem;
    if (r.type === 'UNPAID_WORK' && records.some((x) => x.type === 'UNPAID_WORK'))
      return ruleViolation(
        'unpaid-work-once',
        'An order has one unpaid work requirement, with all its hours.',
        `/otherRequirements/${i}/type`,
      );
    records.push({
      otherRequirementId: ctx.newId(),
      type: r.type,
      hours: r.hours ?? null,
      days: r.days ?? null,
    });
  }
  return records;
}

/** R27: probation records that one of the order's other requirements has been complied with. */
export function decideOtherRequirementCompliance(
  state: OrderState,
  c: OrderCommandOf<'RecordOtherRequirementCompliance'>,
  ctx: DecideContext,
): OrderDecision {
  const order = madeOrder(state);
  const r = otherRequirementsOf(state).find((x) => x.otherRequirementId === c.otherRequirementId);
  if (!r)
    return notFound(
      'other-requirement-not-found',
      'No such other requirement on this order.',
      '/otherRequirementId',
    );
  if (r.compliedOn !== null)
    return stateConflict(
      'other-requirement-already-complied',
      `This requirement was recorded complied with on ${r.compliedOn}.`,
      '/otherRequirementId',
    );
  const bad = checkFactDate(c.compliedOn, ctx, '/compliedOn', order.sentenceDate);
  if (bad) return bad;
  if (r.type !== 'UNPAID_WORK' && c.hoursDone !== undefined)
    return ruleViolation('hours-only-for-unpaid-work', 'Only unpaid work has hours.', '/hoursDone');
  const hoursDone = r.type === 'UNPAID_WORK' ? (c.hoursDone ?? r.hours) : null;
  if (r.hours !== null && hoursDone !== null && hoursDone < r.hours)
    return ruleViolation(
      'r27-unpaid-work-hours-outstanding',
      `Unpaid work is complied with once all ${r.hours} hours are done.`,
      '/hoursDone',
    );
  return accept({
    type: 'OtherRequirementCompliedWith',
    at: ctx.now,
    otherRequirementId: r.otherRequirementId,
    compliedOn: c.compliedOn,
    hoursDone,
  });
}
