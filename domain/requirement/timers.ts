import { addMs, addWorkingDays, endOfLondonDay, type Instant } from '../calendar';
import type { DomainConfig } from '../config';
import type { DeadlineKind } from '../deadlines';
import type { Role } from '../primitives';
import { stampOf } from './decide-support';
import type { RequirementEvent } from './events';
import { lastPeriodEnd } from './periods';
import { type ImposedRequirement, isRequirementTerminal } from './state';
import { endOfWorkingDaysAfter, withinOrder, workingDaysBefore } from './time';

/** An open obligation with its due instant, and the event its passing produces (once). */
export interface Timer {
  key: string;
  kind: DeadlineKind;
  dueAt: Instant;
  role: Role;
  subjectId: string | null;
  description: string;
  fire: (at: Instant) => RequirementEvent;
}

type TimerBase = { requirementId: string; at: Instant; timer: string };

const HOUR_MS = 3_600_000;
const LAB_METHODS = new Set(['LAB_SCREEN', 'LAB_CONFIRMATORY']);

function timer(
  s: ImposedRequirement,
  key: string,
  kind: DeadlineKind,
  dueAt: Instant,
  role: Role,
  subjectId: string | null,
  description: string,
  fire: (base: TimerBase) => RequirementEvent,
): Timer {
  return {
    key,
    kind,
    dueAt: withinOrder(s, dueAt),
    role,
    subjectId,
    description,
    fire: (at) => fire({ ...stampOf(s, at), timer: key }),
  };
}

function lifecycleTimers(s: ImposedRequirement, config: DomainConfig): Timer[] {
  const timers: Timer[] = [];
  if (s.firstAttendedAt === null) {
    const due = endOfLondonDay(
      addWorkingDays(s.imposition.sentenceDate, config.firstAppointmentWithinWorkingDays, config),
    );
    const role = s.status === 'AWAITING_REFERRAL' ? 'probation' : 'provider';
    timers.push(
      timer(
        s,
        'first-appointment',
        'FIRST_APPOINTMENT_DUE',
        due,
        role,
        null,
        'First treatment appointment attended.',
        (b) => ({
          type: 'FirstAppointmentSlaMissed',
          ...b,
          dueAt: due,
        }),
      ),
    );
  }
  const pending = s.amendmentPending;
  if (pending && pending.appliedToCourtOn === null) {
    const due = endOfWorkingDaysAfter(
      pending.submittedAt,
      config.practitionerReportApplicationWorkingDays,
      config,
    );
    const key = `application:${pending.reportId}`;
    timers.push(
      timer(
        s,
        key,
        'PRACTITIONER_REPORT_APPLICATION_DUE',
        due,
        'probation',
        pending.reportId,
        'Apply to court on the practitioner report.',
        (b) => ({
          type: 'PractitionerReportApplicationOverdue',
          ...b,
          reportId: pending.reportId,
        }),
      ),
    );
  }
  if (!s.periodEnded) {
    const end = lastPeriodEnd(s.imposition.periods);
    timers.push(
      timer(
        s,
        `period-ends:${end}`,
        'PERIOD_ENDS',
        endOfLondonDay(end),
        'probation',
        null,
        'The requirement period ends.',
        (b) => ({
          type: 'TreatmentPeriodEnded',
          ...b,
          periodEnd: end,
        }),
      ),
    );
  }
  return timers;
}

function itemTimers(s: ImposedRequirement, config: DomainConfig): Timer[] {
  const timers: Timer[] = [];
  for (const a of Object.values(s.appointments).filter((x) => x.status === 'SCHEDULED')) {
    const due = endOfWorkingDaysAfter(a.start, config.outcomeDueWorkingDays, config);
    timers.push(
      timer(
        s,
        `outcome:${a.id}`,
        'OUTCOME_DUE',
        due,
        'provider',
        a.id,
        'Record the outcome of the appointment.',
        (b) => ({
          type: 'OutcomeOverdue',
          ...b,
          appointmentId: a.id,
        }),
      ),
    );
  }
  for (const i of Object.values(s.incidents).filter((x) => x.decision === null)) {
    const due = endOfLondonDay(i.evidenceWindowEndsOn);
    timers.push(
      timer(
        s,
        `evidence:${i.id}`,
        'ABSENCE_EVIDENCE_WINDOW_ENDS',
        due,
        'probation',
        i.id,
        'The window to evidence a reasonable excuse closes.',
        (b) => ({
          type: 'AbsenceEvidenceWindowEnded',
          ...b,
          incidentId: i.id,
        }),
      ),
    );
  }
  for (const t of Object.values(s.drugTests)) {
    const awaiting = t.status === 'COLLECTED' || (t.status === 'RESULTED' && t.outcome === null);
    if (!awaiting || t.sampleRecordedAt === null || t.method === null || !LAB_METHODS.has(t.method)) continue;
    const due = addMs(t.sampleRecordedAt, config.labResultWithinHours * HOUR_MS);
    timers.push(
      timer(
        s,
        `lab:${t.id}`,
        'LAB_RESULT_DUE',
        due,
        'provider',
        t.id,
        'The laboratory result is due.',
        (b) => ({
          type: 'LabResultOverdue',
          ...b,
          testId: t.id,
        }),
      ),
    );
  }
  for (const r of Object.values(s.reviews).filter((x) => x.status === 'SCHEDULED')) {
    if (r.report === null) {
      const due = endOfLondonDay(workingDaysBefore(r.date, config.reviewReportLeadWorkingDays, config));
      timers.push(
        timer(
          s,
          `review-report:${r.id}:${r.date}`,
          'REVIEW_REPORT_DUE',
          due,
          'probation',
          r.id,
          'Submit the review report.',
          (b) => ({
            type: 'ReviewReportOverdue',
            ...b,
            reviewId: r.id,
          }),
        ),
      );
    }
    timers.push(
      timer(
        s,
        `review:${r.id}:${r.date}`,
        'REVIEW_DATE',
        endOfLondonDay(r.date),
        'court',
        r.id,
        'Record the review outcome.',
        (b) => ({
          type: 'ReviewOutcomeOverdue',
          ...b,
          reviewId: r.id,
        }),
      ),
    );
  }
  return timers;
}

/** Every open obligation of a live requirement, fired or not. */
export function openTimers(s: ImposedRequirement, config: DomainConfig): Timer[] {
  if (isRequirementTerminal(s)) return [];
  return [...lifecycleTimers(s, config), ...itemTimers(s, config)];
}
