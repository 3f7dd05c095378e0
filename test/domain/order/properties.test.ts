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
  ssoClosesOn,
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
  unacceptableFailure,
  uuid,
  type CaseRun,
} from './fixtures';
import { decidedAt, firstTimed, timedObligations } from '../../../domain/order/time/tick';

const Step = fc.record({
  kind: fc.integer({ min: 0, max: 17 }),
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

/**
 * The R15 oracle, written apart from the engine: a warning given on `givenOn` lives until the day before the
 * same date a year later; one given on 29 February has its anniversary on 28 February.
 */
function anniversary(givenOn: string): string {
  const [year, month, day] = givenOn.split('-') as [string, string, string];
  return `${Number(year) + 1}-${month}-${month === '02' && day === '29' ? '28' : day}`;
}

/** Step kind 17 moves the clock to a warning's anniversary, give or take a day, so that R15's edge is hit. */
const TO_AN_ANNIVERSARY = 17;

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
    case TO_AN_ANNIVERSARY:
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
    const warning = pickOf(run.state.compliance.warnings, s.pick);
    const edge = warning && addDays(anniversary(warning.givenOn), (s.pick % 3) - 1);
    day = s.kind === TO_AN_ANNIVERSARY && edge && edge > day ? edge : addDays(day, s.days);
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

  it('every order deadline falls within the order’s end, as extended (an SSO’s: its window for activation, R32)', () => {
    fc.assert(
      fc.property(sequences, ([sso, steps]) => {
        const { run } = play(sso, steps);
        const order = run.state.order!;
        const operationalEnd = order.operationalPeriodEndDate;
        const end = endOfLondonDay(
          operationalEnd === null ? order.endDate : ssoClosesOn(operationalEnd, DEFAULT_CONFIG),
        );
        if (orderView(run.state).inBreachProceedings) return;
        for (const d of orderDeadlines(run.state, DEFAULT_CONFIG))
          expect(Date.parse(d.dueAt)).toBeLessThanOrEqual(Date.parse(end));
      }),
      runs,
    );
  });

  it('R31: no incident, warning or information after a CO’s end date (as extended) is ever accepted', () => {
    fc.assert(
      fc.property(
        fc.array(Step, { minLength: 5, maxLength: 40 }),
        fc.integer({ min: -20, max: 20 }),
        fc.integer({ min: 0, max: 20 }),
        (steps, offset, later) => {
          const { run } = play(false, steps);
          if (isOrderTerminal(run.state)) return;
          const endDate = run.state.order!.endDate;
          const day = addDays(endDate, offset);
          const decidedOn = addDays(day > londonDate(run.now) ? day : londonDate(run.now), later);
          run.on(decidedOn, '12:00:00');
          const incident = run.decide({
            type: 'RecordIncident',
            incidentId: uuid(9_999),
            requirementId: DRR_ID,
            source: 'MISSED_APPOINTMENT',
            occurredAt: at(day, '08:00:00'),
            subjectId: 'appointment-late',
          });
          if (day > endDate) expect(incident).toMatchObject({ ok: false });
          for (const i of Object.values(run.state.compliance.incidents)) {
            const warning = run.decide({ type: 'GiveWarning', incidentId: i.incidentId, givenOn: day });
            if (warning.ok) expect(day <= endDate && londonDate(i.occurredAt) <= endDate).toBe(true);
          }
          for (const r of Object.values(run.state.compliance.referrals)) {
            const laid = run.decide({
              type: 'LayInformation',
              referralId: r.referralId,
              informationLaidOn: day,
              courtCode: 'B01LY',
            });
            if (laid.ok) expect(day <= endDate).toBe(true);
          }
        },
      ),
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

  it('R15: warnings last 12 months, never two within 12 months of each other', () => {
    fc.assert(
      fc.property(sequences, ([sso, steps]) => {
        const { run } = play(sso, steps);
        const given: string[] = [];
        for (const e of run.events) {
          if (e.type !== 'WarningGiven') continue;
          expect(e.expiresOn).toBe(anniversary(e.givenOn));
          for (const earlier of given)
            expect(e.givenOn >= anniversary(earlier) || earlier >= anniversary(e.givenOn)).toBe(true);
          given.push(e.givenOn);
        }
      }),
      runs,
    );
  });

  it('R15: a failure on a day another warning lives is referred, mandatorily, never warned; any other failure not mandatorily', () => {
    fc.assert(
      fc.property(sequences, ([sso, steps]) => {
        const { run } = play(sso, steps);
        // Incidents are recorded at 08:00Z, which is the same day in London, summer or winter.
        const failedOn = new Map<string, string>();
        const warnings: Array<{ incidentId: string; givenOn: string }> = [];
        const underAnotherWarning = (incidentId: string) => {
          const day = failedOn.get(incidentId)!;
          return warnings.some(
            (w) => w.incidentId !== incidentId && w.givenOn <= day && day < anniversary(w.givenOn),
          );
        };
        for (const e of run.events) {
          if (e.type === 'IncidentRecorded') failedOn.set(e.incidentId, e.occurredAt.slice(0, 10));
          if (e.type === 'ReferredToEnforcementOfficer')
            expect(e.mandatory).toBe(underAnotherWarning(e.incidentId));
          if (e.type === 'WarningGiven') {
            expect(underAnotherWarning(e.incidentId)).toBe(false);
            warnings.push({ incidentId: e.incidentId, givenOn: e.givenOn });
          }
        }
      }),
      runs,
    );
  });

  it('R15 at the edge: a failure up to the day before the anniversary of a warning must be referred, from the anniversary on it may be warned', () => {
    const givenOn = fc.nat(700).map((n) => addDays('2026-04-14', n));
    const nearTheAnniversary = fc.integer({ min: -3, max: 3 });
    fc.assert(
      fc.property(givenOn, fc.oneof(nearTheAnniversary, fc.integer({ min: -364, max: 20 })), (given, k) => {
        const failedOn = addDays(anniversary(given), k);
        fc.pre(failedOn > given);
        const run = communityOrder(['DRR'], '2029-04-12');
        const first = unacceptableFailure(run, 1, given);
        run.on(given, '16:00:00').do({ type: 'GiveWarning', incidentId: first, givenOn: given });
        const next = unacceptableFailure(run, 2, failedOn);
        const covered = failedOn < anniversary(given);
        const warning = run.decide({ type: 'GiveWarning', incidentId: next, givenOn: failedOn });
        const referral = run.decide({ type: 'ReferToEnforcement', incidentId: next });
        expect(warning.ok).toBe(!covered);
        expect(referral).toMatchObject({ ok: true, events: [{ mandatory: covered }] });
      }),
      { numRuns: 200 },
    );
  });

  it('the tick and the next timer take the first timed obligation of a stable sort by when each is decided', () => {
    fc.assert(
      fc.property(sequences, ([sso, steps]) => {
        for (const { state } of play(sso, steps).stepwise) {
          const sorted = timedObligations(state, DEFAULT_CONFIG).sort(
            (a, b) => Date.parse(decidedAt(a)) - Date.parse(decidedAt(b)),
          );
          expect(firstTimed(state, DEFAULT_CONFIG)).toEqual(sorted[0] ?? null);
        }
      }),
      runs,
    );
  });
});
