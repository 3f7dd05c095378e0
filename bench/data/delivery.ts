import { addDays, addWorkingDays, dayOfWeek, type LocalDate } from '../../domain/calendar';
import { DEFAULT_CONFIG } from '../../domain/config';
import type { RequirementEvent } from '../../domain/requirement';
import { isRequirementTerminal } from '../../domain/requirement';
import type { Agenda } from './agenda';
import { at, type PlannedRequirement } from './case-opening';
import { CADENCE, CONDUCT } from './design';
import { decidePendingIncidents } from './incident-decisions';
import type { Prng } from './prng';
import type { OrderSimulation } from './simulation';

const WEEK_MS = 7 * 86_400_000;
/** Which weekday each type's sessions fall on (1 = Monday), so that a combined order's sessions do not clash. */
const SESSION_DAY = { DRR: 2, ATR: 3, MHTR: 4 } as const;
const TEST_DAY = 5;

function firstOnOrAfter(date: LocalDate, weekday: number): LocalDate {
  return addDays(date, (weekday - dayOfWeek(date) + 7) % 7);
}

function weeks(from: LocalDate, until: LocalDate, weekday: number, everyWeeks: number): LocalDate[] {
  const dates: LocalDate[] = [];
  for (let d = firstOnOrAfter(from, weekday); d <= until; d = addDays(d, 7 * everyWeeks)) dates.push(d);
  return dates;
}

const nextWorkingDay = (date: LocalDate) => addWorkingDays(date, 1, DEFAULT_CONFIG);

/** Plans a requirement's life after sentence: referral, sessions, DRR tests and reviews, and RO decisions. */
export class RequirementDelivery {
  constructor(
    private readonly sim: OrderSimulation,
    private readonly rng: Prng,
    private readonly agenda: Agenda,
    private readonly r: PlannedRequirement,
    private readonly sentenceDate: LocalDate,
  ) {}

  private get live(): boolean {
    const state = this.sim.requirement(this.r.requirementId);
    return !isRequirementTerminal(state) && state.status !== 'NOT_IMPOSED' && !state.periodEnded;
  }

  private send(command: Parameters<OrderSimulation['requirementCommand']>[1]): RequirementEvent[] {
    const events = this.sim.requirementCommand(this.r.requirementId, command);
    if (events.some((e) => e.type === 'IncidentRaised'))
      this.agenda.add(at(nextWorkingDay(this.sim.now.slice(0, 10)), '15:00'), () =>
        decidePendingIncidents(this.sim, this.rng),
      );
    return events;
  }

  plan(): void {
    const { requirementId, type } = this.r;
    const referDay = nextWorkingDay(this.sentenceDate);
    this.agenda.add(at(referDay, '10:00'), () => {
      this.send({ type: 'ReferToProvider', requirementId, providerOrgId: this.r.providerOrgId });
      this.send({ type: 'RecordAcceptance', requirementId, accepted: true });
      if (type === 'MHTR')
        this.send({
          type: 'AllocatePractitioner',
          requirementId,
          name: 'A. Shah',
          role: 'ASSISTANT_PSYCHOLOGIST',
        });
    });
    const lastDay = addDays(this.r.periodEnd, -2);
    const cadence = CADENCE[type];
    let sessions = weeks(addDays(referDay, 1), lastDay, SESSION_DAY[type], cadence.sessionEveryWeeks);
    if (type === 'MHTR') sessions = sessions.slice(0, CADENCE.MHTR.plannedSessions);
    for (const day of sessions) this.agenda.add(at(day, '09:00'), () => this.session(day));
    if (type === 'DRR') {
      const testsFrom = addDays(referDay, 1);
      const earlyUntil = new Date(Date.parse(testsFrom) + CADENCE.DRR.earlyWeeks * WEEK_MS)
        .toISOString()
        .slice(0, 10);
      const early = weeks(testsFrom, earlyUntil < lastDay ? earlyUntil : lastDay, TEST_DAY, 1);
      const later =
        earlyUntil < lastDay
          ? weeks(addDays(earlyUntil, 1), lastDay, TEST_DAY, CADENCE.DRR.testEveryLaterWeeks)
          : [];
      for (const day of [...early, ...later]) this.agenda.add(at(day, '08:30'), () => this.test(day));
      if (this.r.reviewed) this.agenda.add(at(referDay, '12:00'), () => this.planNextReview());
    }
  }

  private session(day: LocalDate): void {
    if (!this.live) return;
    const { requirementId } = this.r;
    const appointmentId = this.sim.chosenId();
    const start = at(day, '10:00');
    this.send({
      type: 'BookAppointment',
      requirementId,
      appointmentId,
      start,
      durationMinutes: 50,
      kind: 'ONE_TO_ONE',
      deliveryMode: 'IN_PERSON',
      enforceable: true,
    });
    let current = appointmentId;
    if (this.rng.chance(CONDUCT.rescheduledByService)) {
      current = this.sim.chosenId();
      this.send({
        type: 'RescheduleAppointment',
        requirementId,
        appointmentId,
        newAppointmentId: current,
        start: at(day, '14:00'),
        requestedBy: 'SERVICE',
        reason: 'Practitioner unwell',
      });
    }
    const outcomeAt = at(day, current === appointmentId ? '11:00' : '15:00');
    this.agenda.add(outcomeAt, () => {
      if (!this.live) return;
      const roll = this.rng.next();
      if (roll < CONDUCT.absent)
        this.send({
          type: 'RecordOutcome',
          requirementId,
          appointmentId: current,
          sessionHappened: false,
          attended: 'NO',
        });
      else if (roll < CONDUCT.absent + CONDUCT.attendedLate)
        this.send({
          type: 'RecordOutcome',
          requirementId,
          appointmentId: current,
          sessionHappened: true,
          attended: 'LATE',
          lateReason: 'Bus late',
        });
      else
        this.send({
          type: 'RecordOutcome',
          requirementId,
          appointmentId: current,
          sessionHappened: true,
          attended: 'YES',
        });
    });
  }

  private test(day: LocalDate): void {
    if (!this.live) return;
    const { requirementId } = this.r;
    const testId = this.sim.chosenId();
    this.send({
      type: 'DirectDrugTest',
      requirementId,
      testId,
      dueAt: at(day, '09:00'),
      directedBy: 'RESPONSIBLE_OFFICER',
    });
    this.agenda.add(at(day, '09:10'), () => {
      if (!this.live) return;
      if (this.rng.chance(CONDUCT.sampleNotProvided)) {
        this.send({ type: 'RecordSample', requirementId, testId, status: 'NOT_PROVIDED' });
        return;
      }
      this.send({
        type: 'RecordSample',
        requirementId,
        testId,
        status: 'COLLECTED',
        sampleType: 'ORAL_FLUID',
        method: 'POINT_OF_CARE_SCREEN',
      });
      const positive = this.rng.chance(CONDUCT.positiveTest);
      this.send({
        type: 'RecordTestResult',
        requirementId,
        testId,
        substances: [
          { substance: 'OPIATES', result: positive ? 'POSITIVE' : 'NEGATIVE' },
          { substance: 'COCAINE', result: 'NEGATIVE' },
        ],
        recordedByRole: 'provider',
      });
    });
  }

  /** The next scheduled review: its report a week before, its hearing on the day, then the one after. */
  private planNextReview(): void {
    const state = this.sim.requirement(this.r.requirementId);
    if (state.status === 'NOT_IMPOSED') return;
    const review = Object.values(state.reviews).find((x) => x.status === 'SCHEDULED');
    if (!review) return;
    const { requirementId } = this.r;
    const reviewId = review.id;
    this.agenda.add(at(addDays(review.date, -7), '09:00'), () => {
      if (!this.live) return;
      this.send({ type: 'SubmitProviderViews', requirementId, reviewId, views: 'Engaging with key work.' });
      this.send({
        type: 'SubmitReviewReport',
        requirementId,
        reviewId,
        progress: 'SATISFACTORY',
        recommendation: 'Continue.',
      });
    });
    this.agenda.add(at(review.date, '10:30'), () => {
      if (!this.live) return;
      const current = this.sim.requirement(requirementId);
      const reviews = current.status === 'NOT_IMPOSED' ? [] : Object.values(current.reviews);
      const held = reviews.filter((x) => x.status === 'HELD').length;
      const outcome = held >= 3 && review.mode === 'HEARING' ? 'MOVE_TO_REVIEW_WITHOUT_HEARING' : 'CONTINUE';
      this.send({
        type: 'RecordReviewOutcome',
        requirementId,
        reviewId,
        outcome,
        attended: review.offenderMustAttend,
      });
      this.planNextReview();
    });
  }
}
