import { fc } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { addMonths, endOfLondonDay, type Instant, londonDate } from '../../../domain/calendar';
import { DEFAULT_CONFIG, type DomainConfig } from '../../../domain/config';
import { type DecideContext, foldEvents } from '../../../domain/core';
import {
  type RequirementEvent,
  type RequirementState,
  RequirementEventSchema,
  decideRequirement,
  evolveRequirement,
  foldRequirement,
  initialRequirementState,
  isRequirementTerminal,
  nextRequirementTimer,
  orderMessagesFor,
  requirementDeadlines,
  tickRequirement,
} from '../../../domain/requirement';
import { type ImposedRequirement, isImposed } from '../../../domain/requirement/state';
import { openTimers } from '../../../domain/requirement/time/timers';
import { nextRequirementTimerKept } from '../../../domain/requirement/time/next-timer';
import { carriedRequirement } from '../../../domain/requirement/evolve';
import { testingFloor } from '../../../domain/requirement/rules/testing-floor';
import { forEachItem } from '../../../domain/requirement/time/item-timers';
import { settled, unsettled } from '../../../domain/requirement/decide/settlement';
import { isBefore, requirementEndsAt } from '../../../domain/requirement/time/instants';
import { run } from './random-run';
import { impositions, intents } from './random-plans';
import { idNumber } from './harness';
import { drrImposition } from './fixtures';
import { inTreatment } from './steps';
import { Substance, SubstanceResult } from '../../../domain/enums';

const runs = fc.tuple(impositions, intents);

/** The tick as a full scan of every open obligation, each worked out again: what the kept one must answer. */
function tickByScan(state: RequirementState, ctx: DecideContext): RequirementEvent[] {
  if (!isImposed(state)) return [];
  const due = openTimers(state, ctx.config)
    .filter((t) => !state.fired[t.key] && !isBefore(ctx.now, t.dueAt))
    .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  return settled(
    state,
    due.map((t) => t.fire(ctx.now)),
    ctx.now,
  );
}

/** The next timer as a full scan: the earliest open obligation not yet fired. */
function nextByScan(state: RequirementState, config: DomainConfig): Instant | null {
  if (!isImposed(state)) return null;
  let next: Instant | null = null;
  for (const t of openTimers(state, config))
    if (!state.fired[t.key] && (next === null || isBefore(t.dueAt, next))) next = t.dueAt;
  return next;
}

/** The ids `scheduledIds` indexes, read from every appointment. */
const scheduledByScan = (s: ImposedRequirement) =>
  Object.values(s.appointments)
    .filter((a) => a.status === 'SCHEDULED')
    .map((a) => a.id);
const numRuns = 120;

describe('properties of the requirement over random command sequences', () => {
  it('folding the events of every accepted command equals the state built step by step, and every event is wire-valid', () => {
    fc.assert(
      fc.property(runs, ([imposition, plan]) => {
        const { all, state } = run(imposition, plan);
        expect(foldEvents(evolveRequirement, initialRequirementState, all)).toEqual(state);
        for (const e of all) expect(RequirementEventSchema.parse(JSON.parse(JSON.stringify(e)))).toEqual(e);
      }),
      { numRuns },
    );
  });

  it('folding in place (foldRequirement) equals evolving event by event, its JSON too (the maps’ order), and leaves the state it starts from as it was', () => {
    fc.assert(
      fc.property(runs, ([imposition, plan]) => {
        const { steps, all, state } = run(imposition, plan);
        const asEvolved = JSON.stringify(state);
        const folded = foldRequirement(initialRequirementState, all);
        expect(folded).toEqual(state);
        expect(JSON.stringify(folded)).toBe(asEvolved);
        const from = steps[Math.floor(steps.length / 2)]!.after;
        const snapshot = JSON.stringify(from);
        const rest = steps.slice(Math.floor(steps.length / 2) + 1).flatMap((step) => step.events);
        const foldedFrom = foldRequirement(from, rest);
        expect(foldedFrom).toEqual(state);
        expect(JSON.stringify(foldedFrom)).toBe(asEvolved);
        expect(JSON.stringify(from)).toBe(snapshot);
      }),
      { numRuns },
    );
  });

  it('handed over at any step, the state folded from the stored events (as JSON) is the state the run held, and goes on to the same end', () => {
    fc.assert(
      fc.property(runs, fc.nat(), ([imposition, plan], at) => {
        const { steps, state } = run(imposition, plan);
        const cut = at % steps.length;
        const held = steps[cut]!.after;
        const stored = JSON.parse(
          JSON.stringify(steps.slice(0, cut + 1).flatMap((step) => step.events)),
        ) as RequirementEvent[];
        const handedOver = foldRequirement(initialRequirementState, stored);
        expect(handedOver).toEqual(held);
        expect(requirementDeadlines(handedOver, DEFAULT_CONFIG)).toEqual(
          requirementDeadlines(held, DEFAULT_CONFIG),
        );
        expect(nextRequirementTimer(handedOver, DEFAULT_CONFIG)).toBe(
          nextRequirementTimer(held, DEFAULT_CONFIG),
        );
        const rest = steps.slice(cut + 1).flatMap((step) => step.events);
        expect(foldRequirement(handedOver, rest)).toEqual(state);
      }),
      { numRuns },
    );
  });

  it('no command moves a terminal state', () => {
    fc.assert(
      fc.property(runs, ([imposition, plan]) => {
        for (const step of run(imposition, plan).steps)
          if (isRequirementTerminal(step.before)) {
            expect(step.events).toEqual([]);
            expect(step.after).toBe(step.before);
          }
      }),
      { numRuns },
    );
  });

  it('DRR review dates are at least one month apart', () => {
    fc.assert(
      fc.property(runs, ([imposition, plan]) => {
        const { state } = run(imposition, plan);
        const dates = Object.values((state as ImposedRequirement).reviews)
          .filter((r) => r.status !== 'WITHDRAWN')
          .map((r) => r.date)
          .sort();
        dates.slice(1).forEach((date, i) => expect(date >= addMonths(dates[i]!, 1)).toBe(true));
      }),
      { numRuns },
    );
  });

  it('every period, booking and deadline lies within the order’s end, as changed', () => {
    fc.assert(
      fc.property(runs, ([imposition, plan]) => {
        for (const { after } of run(imposition, plan).steps) {
          const s = after as ImposedRequirement;
          const end = s.imposition.orderEndDate;
          const endsAt = Date.parse(endOfLondonDay(end));
          for (const p of s.imposition.periods) expect(p.end <= end).toBe(true);
          for (const d of requirementDeadlines(s, DEFAULT_CONFIG))
            expect(Date.parse(d.dueAt)).toBeLessThanOrEqual(endsAt);
          for (const a of Object.values(s.appointments).filter((x) => x.status === 'SCHEDULED'))
            expect(Date.parse(a.start)).toBeLessThan(endsAt);
          for (const r of Object.values(s.reviews).filter((x) => x.status === 'SCHEDULED'))
            expect(r.date <= end).toBe(true);
        }
      }),
      { numRuns },
    );
  });

  it('the next timer kept per item (the workflow’s) equals the full scan after every step, whatever the settings', () => {
    const otherSettings = { ...DEFAULT_CONFIG, outcomeDueWorkingDays: 1, reviewReportLeadWorkingDays: 5 };
    fc.assert(
      fc.property(
        runs,
        fc.array(fc.boolean(), { minLength: 80, maxLength: 80 }),
        ([imposition, plan], other) => {
          const kept = nextRequirementTimerKept();
          for (const [n, { after }] of run(imposition, plan).steps.entries()) {
            const config = other[n] ? otherSettings : DEFAULT_CONFIG;
            expect(kept(after, config)).toBe(nextByScan(after, config));
          }
        },
      ),
      { numRuns },
    );
  });

  it('the tick and the next timer equal the full scan after every step, at any clock, whatever the settings, live and as JSON', () => {
    // The last settings put the first appointment, outcomes, applications and lab results due long after the
    // order ends, where its end caps them.
    const settings = [
      DEFAULT_CONFIG,
      { ...DEFAULT_CONFIG, outcomeDueWorkingDays: 1, reviewReportLeadWorkingDays: 5 },
      {
        ...DEFAULT_CONFIG,
        firstAppointmentWithinWorkingDays: 600,
        outcomeDueWorkingDays: 600,
        practitionerReportApplicationWorkingDays: 600,
        labResultWithinHours: 800 * 24,
      },
    ];
    const start = Date.parse('2026-02-02T09:00:00.000Z');
    fc.assert(
      fc.property(
        runs,
        fc.array(
          fc.tuple(
            fc.nat(settings.length - 1),
            fc.constantFrom('first day', 'near the end', 'next timer'),
            fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 * 365 * 24 })),
          ),
          {
            minLength: 80,
            maxLength: 80,
          },
        ),
        ([imposition, plan], clocks) => {
          const { steps, all } = run(imposition, plan);
          const states = steps.map((step) => step.after);
          const folded = foldRequirement(initialRequirementState, all);
          for (const [n, state] of [
            ...states,
            folded,
            JSON.parse(JSON.stringify(folded)) as RequirementState,
          ].entries()) {
            // A clock some hours from the first day, from a month before the order's end or from the next timer.
            const [which, from, hours] = clocks[n % clocks.length]!;
            const config = settings[which]!;
            const next = nextByScan(state, config);
            const base =
              from === 'near the end' && isImposed(state)
                ? Date.parse(endOfLondonDay(state.imposition.orderEndDate)) - 30 * 86_400_000
                : from === 'next timer' && next !== null
                  ? Date.parse(next)
                  : start;
            const now = new Date(base + hours * 3_600_000).toISOString();
            const ctx = { now, newId: () => 'unused', config };
            expect(tickRequirement(state, ctx)).toEqual(tickByScan(state, ctx));
            expect(nextRequirementTimer(state, config)).toBe(nextByScan(state, config));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('the walks over the item maps (for…in; the scheduled appointments by their index, which a state carried without it gets back) see what Object.values gives, in its order, live, folded and as JSON', () => {
    const unsettledByValues = (s: ImposedRequirement) => {
      const endsAt = requirementEndsAt(s);
      return (
        Object.values(s.incidents).filter((i) => i.decision === null).length +
        Object.values(s.appointments).filter((a) => a.status === 'SCHEDULED' && isBefore(a.start, endsAt))
          .length +
        Object.values(s.drugTests).filter(
          (t) => t.status === 'COLLECTED' || (t.status === 'RESULTED' && t.outcome === null),
        ).length
      );
    };
    fc.assert(
      fc.property(runs, ([imposition, plan]) => {
        const { steps, all } = run(imposition, plan);
        const states = steps.map((x) => x.after);
        const folded = foldRequirement(initialRequirementState, all);
        for (const state of [...states, folded, JSON.parse(JSON.stringify(folded)) as RequirementState]) {
          if (!isImposed(state)) continue;
          const s = state;
          const visited: object[] = [];
          forEachItem(s, (item) => visited.push(item));
          expect(visited).toEqual([
            ...Object.values(s.appointments).filter((a) => a.status === 'SCHEDULED'),
            ...Object.values(s.incidents),
            ...Object.values(s.drugTests),
            ...Object.values(s.reviews),
          ]);
          expect(unsettled(s)).toBe(unsettledByValues(s));
          expect(s.scheduledIds).toEqual(scheduledByScan(s));
          // As a run carried it before the index: the index worked out again.
          const { scheduledIds, ...carriedBefore } = JSON.parse(JSON.stringify(s)) as ImposedRequirement;
          expect(carriedRequirement(carriedBefore as RequirementState)).toEqual(s);
          expect(scheduledIds).toEqual(s.scheduledIds);
        }
      }),
      { numRuns },
    );
  });

  it('the index of scheduled appointments is the scan for any sequence of appointment events, ids booked again included', () => {
    const ids = [1, 2, 3, 4].map(idNumber);
    const stamp = { requirementId: drrImposition().requirementId, at: '2026-02-02T09:00:00.000Z' };
    const appointmentEvent = fc.oneof(
      fc.record({ id: fc.constantFrom(...ids) }).map(({ id }): RequirementEvent => ({
        type: 'AppointmentBooked',
        ...stamp,
        appointmentId: id,
        start: '2026-02-03T10:00:00.000Z',
        durationMinutes: 60,
        kind: 'ONE_TO_ONE',
        deliveryMode: 'IN_PERSON',
        enforceable: true,
        rescheduledFrom: null,
      })),
      fc
        .record({ id: fc.constantFrom(...ids), to: fc.constantFrom(...ids) })
        .map(({ id, to }): RequirementEvent => ({
          type: 'AppointmentRescheduled',
          ...stamp,
          appointmentId: id,
          newAppointmentId: to,
          requestedBy: 'SERVICE',
          reason: 'moved',
          outcome: 'RESCHEDULED_BY_SERVICE',
        })),
      fc.record({ id: fc.constantFrom(...ids) }).map(({ id }): RequirementEvent => ({
        type: 'OutcomeRecorded',
        ...stamp,
        appointmentId: id,
        outcome: 'ATTENDED_COMPLIED',
        sessionHappened: true,
        attended: 'YES',
        lateReason: null,
        noSessionReason: null,
        behaviourConcern: false,
        riskConcern: false,
        notes: null,
      })),
    );
    const imposed = decideRequirement(
      initialRequirementState,
      { type: 'Impose', imposition: drrImposition() },
      { now: stamp.at, newId: () => idNumber(99), config: DEFAULT_CONFIG },
    );
    if (!imposed.ok) throw new Error('not imposed');
    const start = imposed.events.reduce(evolveRequirement, initialRequirementState);
    fc.assert(
      fc.property(fc.array(appointmentEvent, { maxLength: 30 }), (events) => {
        let state = start;
        for (const e of events) {
          state = evolveRequirement(state, e);
          expect((state as ImposedRequirement).scheduledIds).toEqual(
            scheduledByScan(state as ImposedRequirement),
          );
        }
        expect(foldRequirement(start, events)).toEqual(state);
      }),
      { numRuns: 300 },
    );
  });

  it('a positive drug test alone never raises an incident', () => {
    fc.assert(
      fc.property(runs, ([imposition, plan]) => {
        const { steps } = run(imposition, plan);
        for (const step of steps.filter((x) => x.command?.type === 'RecordTestResult'))
          expect(step.events.filter((e) => e.type === 'IncidentRaised')).toEqual([]);
        const testIncidents = steps
          .flatMap((x) => x.events)
          .filter((e) => e.type === 'IncidentRaised' && e.source.startsWith('SAMPLE'));
        const fromSamples = steps.filter((x) => x.command?.type === 'RecordSample').flatMap((x) => x.events);
        for (const incident of testIncidents) expect(fromSamples).toContain(incident);
      }),
      { numRuns },
    );
  });

  it('no drug test result, whatever its substances and results, raises an incident (R23)', () => {
    const results = fc.array(
      fc.record({
        substance: fc.constantFrom(...Substance.options),
        result: fc.constantFrom(...SubstanceResult.options),
      }),
      { minLength: 1, maxLength: 6 },
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(results, fc.option(fc.string({ minLength: 1 }), { nil: undefined })), {
          minLength: 1,
          maxLength: 8,
        }),
        (batches) => {
          const h = inTreatment(drrImposition());
          batches.forEach(([substances, explanation], n) => {
            const testId = idNumber(500 + n);
            h.ok({
              type: 'DirectDrugTest',
              testId,
              dueAt: '2026-02-05T10:00:00.000Z',
              directedBy: 'TREATMENT_DIRECTOR',
            });
            h.ok({
              type: 'RecordSample',
              testId,
              status: 'COLLECTED',
              sampleType: 'URINE',
              method: 'LAB_SCREEN',
            });
            const events = h.ok({
              type: 'RecordTestResult',
              testId,
              substances,
              recordedByRole: 'provider',
              ...(explanation?.trim() ? { explanation } : {}),
            });
            expect(events.flatMap(orderMessagesFor)).toEqual([]);
          });
          expect(h.view.incidents).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('R30: each testing week counts the tests due in it and the samples collected in it', () => {
    fc.assert(
      fc.property(runs, ([imposition, plan]) => {
        const { state } = run(imposition, plan);
        if (state.status === 'NOT_IMPOSED') return;
        const tests = Object.values(state.drugTests).filter((t) => t.status !== 'WITHDRAWN');
        for (const w of testingFloor(state, DEFAULT_CONFIG)) {
          const inWeek = (instant: string | null) =>
            instant !== null && londonDate(instant) >= w.from && londonDate(instant) <= w.to;
          expect(w.directed).toBe(tests.filter((t) => inWeek(t.dueAt)).length);
          expect(w.collected).toBe(
            tests.filter((t) => t.sampleStatus === 'COLLECTED' && inWeek(t.sampleRecordedAt)).length,
          );
        }
      }),
      { numRuns },
    );
  });

  it('random runs reach the interesting places (the generator is not vacuous)', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(runs, ([imposition, plan]) => {
        for (const e of run(imposition, plan).all) seen.add(e.type);
      }),
      { numRuns, seed: 42 },
    );
    const expected = [
      'TreatmentStarted',
      'IncidentRaised',
      'IncidentDecided',
      'ReviewHeld',
      'TestResultRecorded',
      'RequirementEnded',
      'AppointmentRescheduled',
      'PeriodExtended',
      'OrderEndDateChanged',
      'TreatmentPeriodEnded',
    ];
    for (const type of expected) expect(seen).toContain(type);
  });
});
