import { fc } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { addDays, endOfLondonDay, londonDate } from '../../../domain/calendar';
import { DEFAULT_CONFIG } from '../../../domain/config';
import { foldEvents } from '../../../domain/core';
import {
  evolveOrder,
  initialOrderState,
  isOrderTerminal,
  orderDeadlines,
  orderView,
  OrderEventSchema,
  tickOrder,
  type OrderCommand,
  type OrderState,
} from '../../../domain/order';
import {
  at,
  communityOrder,
  coSentence,
  DRR_ID,
  MHTR_ID,
  proposedCase,
  suspendedSentenceOrder,
  uuid,
  type CaseRun,
} from './fixtures';

const Step = fc.record({
  kind: fc.integer({ min: 0, max: 16 }),
  pick: fc.nat(1000),
  days: fc.integer({ min: 0, max: 30 }),
  flag: fc.boolean(),
});
type Step = { kind: number; pick: number; days: number; flag: boolean };

const DISPOSALS = [
  'FINE',
  'EXTEND_END_DATE',
  'ACTIVATE_FULL',
  'REVOKE_AND_RESENTENCE',
  'EXTEND_SUPERVISION_PERIOD',
];

function pickOf<T>(items: readonly T[], n: number): T | undefined {
  return items.length === 0 ? undefined : items[n % items.length];
}

/** A plausible command for the order as it stands (it may still be refused: that is part of the test). */
function commandFor(state: OrderState, s: Step, today: string, n: number): OrderCommand | 'tick' {
  const incidents = Object.values(state.compliance.incidents);
  const byStatus = (status: string) => incidents.filter((i) => i.status === status).map((i) => i.incidentId);
  const referrals = Object.values(state.compliance.referrals).filter((r) => r.status === 'OPEN');
  const proceedings = Object.values(state.compliance.proceedings).filter((p) => p.status === 'OPEN');
  const requirementId = s.flag ? DRR_ID : MHTR_ID;
  const backdated = addDays(today, -(s.pick % 20));
  switch (s.kind) {
    case 0:
    case 1:
      return {
        type: 'RecordIncident',
        incidentId: uuid(n),
        requirementId,
        source: 'MISSED_APPOINTMENT',
        occurredAt: at(today, '08:00:00'),
        subjectId: `appointment-${n}`,
      };
    case 2:
    case 3: {
      const incidentId = pickOf(byStatus('PENDING_DECISION'), s.pick) ?? uuid(s.pick);
      return {
        type: 'DecideIncident',
        incidentId,
        decision: s.pick % 4 === 0 ? 'ACCEPTABLE' : 'UNACCEPTABLE',
      };
    }
    case 4:
    case 5: {
      const incidentId = pickOf(byStatus('UNACCEPTABLE'), s.pick) ?? uuid(s.pick);
      return { type: 'GiveWarning', incidentId, givenOn: s.flag ? today : backdated };
    }
    case 6:
      return {
        type: 'ReferToEnforcement',
        incidentId: pickOf(byStatus('UNACCEPTABLE'), s.pick) ?? uuid(s.pick),
      };
    case 7: {
      const referral = pickOf(referrals, s.pick);
      if (!referral) return 'tick';
      return s.flag
        ? {
            type: 'LayInformation',
            referralId: referral.referralId,
            informationLaidOn: today,
            courtCode: 'B01LY',
          }
        : { type: 'RecordNoFurtherAction', referralId: referral.referralId, reason: 'Excuse accepted' };
    }
    case 8: {
      const proceeding = pickOf(proceedings, s.pick);
      if (!proceeding) return 'tick';
      const disposal = pickOf(DISPOSALS, s.pick) as 'FINE';
      return {
        type: 'RecordBreachOutcome',
        proceedingId: proceeding.proceedingId,
        finding: s.pick % 5 === 0 ? 'NOT_PROVED' : 'PROVED',
        ...(s.pick % 5 === 0 ? {} : { disposal }),
        fineAmountPence: 5_000,
        reasonsForNotActivating: 'Good engagement with treatment',
        extentOfCompliance: 'Mostly compliant',
        ...(disposal === ('EXTEND_END_DATE' as string) || disposal === ('EXTEND_SUPERVISION_PERIOD' as string)
          ? { newEndDate: addDays(state.order?.endDate ?? today, 30) }
          : {}),
      };
    }
    case 9:
      return { type: 'RecordRequirementStatus', requirementId, status: 'COMPLETED', compliedWith: s.flag };
    case 10:
      return { type: 'TerminateOnCompletion', terminationDate: today };
    case 11:
      return s.pick % 7 === 0 ? { type: 'RevokeOrder', reason: 'GOOD_PROGRESS', revokedOn: today } : 'tick';
    case 12:
      return { type: 'ExtendEndDate', newEndDate: addDays(state.order?.endDate ?? today, s.pick % 200) };
    case 13:
      return s.flag
        ? { type: 'RecordAppeal', lodgedOn: today }
        : { type: 'RecordAppealDetermined', determinedOn: today, result: 'DISMISSED' };
    case 14:
      return { type: 'CompleteInduction', completedOn: today };
    case 15:
      return s.pick % 50 === 0 ? { type: 'RecordDeath', diedOn: today } : 'tick';
    default:
      return 'tick';
  }
}

interface Outcome {
  run: CaseRun;
  /** The state after each step, with the number of events recorded by then. */
  stepwise: Array<{ state: OrderState; eventCount: number }>;
  movedWhileTerminal: boolean;
}

export function play(sso: boolean, steps: readonly Step[]): Outcome {
  const run = sso ? suspendedSentenceOrder() : communityOrder(['DRR', 'MHTR'], '2029-04-12');
  const stepwise: Outcome['stepwise'] = [];
  let movedWhileTerminal = false;
  let day = '2026-04-14';
  for (const [i, s] of steps.entries()) {
    day = addDays(day, s.days);
    run.on(day, '12:00:00');
    const wasTerminal = isOrderTerminal(run.state);
    const command = commandFor(run.state, s, londonDate(run.now), 100 + i);
    const events =
      command === 'tick'
        ? tickOrder(run.state, run.ctx())
        : (() => {
            const d = run.decide(command);
            return d.ok ? d.events : [];
          })();
    if (wasTerminal && events.length > 0) movedWhileTerminal = true;
    run.apply(events);
    stepwise.push({ state: run.state, eventCount: run.events.length });
  }
  return { run, stepwise, movedWhileTerminal };
}

export const sequences = fc.tuple(
  fc.boolean(),
  fc.array(Step, { minLength: 10, maxLength: 60, size: 'max' }),
);
const runs = { numRuns: 100 };

describe('order properties over random command sequences', () => {
  it('the fold of the events equals the state built step by step, and every event is plain JSON', () => {
    fc.assert(
      fc.property(sequences, ([sso, steps]) => {
        const { run, stepwise } = play(sso, steps);
        for (const { state, eventCount } of stepwise)
          expect(foldEvents(evolveOrder, initialOrderState, run.events.slice(0, eventCount))).toEqual(state);
        for (const e of run.events) {
          expect(JSON.parse(JSON.stringify(e))).toEqual(e);
          expect(OrderEventSchema.safeParse(e).success).toBe(true);
        }
      }),
      runs,
    );
  });

  it('every order deadline falls within the order’s end, as extended', () => {
    fc.assert(
      fc.property(sequences, ([sso, steps]) => {
        const { run } = play(sso, steps);
        const order = run.state.order!;
        const end = endOfLondonDay(order.operationalPeriodEndDate ?? order.endDate);
        if (orderView(run.state).inBreachProceedings) return;
        for (const d of orderDeadlines(run.state, DEFAULT_CONFIG))
          expect(Date.parse(d.dueAt)).toBeLessThanOrEqual(Date.parse(end));
      }),
      runs,
    );
  });

  it('no command moves a closed case', () => {
    const closings: OrderCommand[] = [
      { type: 'WithdrawCase', reason: 'Acquitted' },
      { type: 'RecordSentence', outcome: 'CUSTODY' },
      { type: 'RecordSentence', outcome: 'OTHER_COMMUNITY_SENTENCE', reason: 'Unpaid work instead' },
    ];
    const attempts = fc.array(
      fc.integer({ min: 0, max: 16 }).chain((kind) => Step.map((s) => ({ ...s, kind }))),
      {
        minLength: 1,
        maxLength: 20,
      },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), attempts, (which, steps) => {
        const run = proposedCase();
        run.do(closings[which]!);
        expect(isOrderTerminal(run.state)).toBe(true);
        const before = run.state;
        for (const [i, s] of steps.entries()) {
          const command = commandFor(run.state, s, '2026-04-02', 500 + i);
          const events = command === 'tick' ? tickOrder(run.state, run.ctx()) : run.decide(command);
          expect(Array.isArray(events) ? events : events.ok ? events.events : []).toEqual([]);
        }
        for (const command of [
          coSentence,
          { type: 'SubmitProposal', psrReference: 'x' } as const,
          { type: 'AdjournHearing', nextHearingDate: '2026-05-01' } as const,
        ])
          expect(run.decide(command).ok).toBe(false);
        expect(run.state).toBe(before);
      }),
      { numRuns: 60 },
    );
  });

  it('no command moves a terminal state', () => {
    fc.assert(
      fc.property(sequences, ([sso, steps]) => {
        const { run, movedWhileTerminal } = play(sso, [
          ...steps,
          { kind: 15, pick: 0, days: 1, flag: true },
          ...steps,
        ]);
        expect(movedWhileTerminal).toBe(false);
        expect(isOrderTerminal(run.state)).toBe(true);
        expect(tickOrder(run.state, run.ctx())).toEqual([]);
      }),
      runs,
    );
  });

  it('never two warnings within 12 months of each other', () => {
    fc.assert(
      fc.property(sequences, ([sso, steps]) => {
        const { run } = play(sso, steps);
        const warnings = [...run.state.compliance.warnings].sort((a, b) =>
          a.givenOn.localeCompare(b.givenOn),
        );
        for (let i = 1; i < warnings.length; i += 1)
          expect(warnings[i]!.givenOn >= warnings[i - 1]!.expiresOn).toBe(true);
      }),
      runs,
    );
  });

  it('after a warning, a further unacceptable failure within 12 months can only lead to a referral', () => {
    fc.assert(
      fc.property(sequences, ([sso, steps]) => {
        const { run } = play(sso, steps);
        const { incidents, warnings } = run.state.compliance;
        for (const incident of Object.values(incidents)) {
          const day = londonDate(incident.occurredAt);
          const covered = warnings.some(
            (w) => w.incidentId !== incident.incidentId && w.givenOn <= day && day < w.expiresOn,
          );
          if (covered && incident.decision?.decision === 'UNACCEPTABLE')
            expect(['UNACCEPTABLE', 'REFERRED']).toContain(incident.status);
        }
      }),
      runs,
    );
  });
});
