import { addMs, endOfLondonDay } from '../../calendar';
import type { DomainConfig } from '../../config';
import type { ImposedRequirement } from '../state';
import { endOfWorkingDaysAfter, workingDaysBefore } from './instants';
import { type Timer, timer } from './timer';

const HOUR_MS = 3_600_000;
const LAB_METHODS = new Set(['LAB_SCREEN', 'LAB_CONFIRMATORY']);

function appointmentAndIncidentTimers(s: ImposedRequirement, config: DomainConfig): Timer[] {
  const timers: Timer[] = [];
  for (const a of Object.values(s.appointments).filter((x) => x.status === 'SCHEDULED')) {
    const spec = {
      key: `outcome:${a.id}`,
      kind: 'OUTCOME_DUE',
      dueAt: endOfWorkingDaysAfter(a.start, config.outcomeDueWorkingDays, config),
      role: 'provider',
      subjectId: a.id,
      description: 'Record the appointment’s outcome.',
    } as const;
    timers.push(timer(s, spec, (b) => ({ type: 'OutcomeOverdue', ...b, appointmentId: a.id })));
  }
  for (const i of Object.values(s.incidents).filter((x) => x.decision === null)) {
    const spec = {
      key: `evidence:${i.id}`,
      kind: 'ABSENCE_EVIDENCE_WINDOW_ENDS',
      dueAt: endOfLondonDay(i.evidenceWindowEndsOn),
      role: 'probation',
      subjectId: i.id,
      description: 'The window to evidence a reasonable excuse closes.',
    } as const;
    timers.push(timer(s, spec, (b) => ({ type: 'AbsenceEvidenceWindowEnded', ...b, incidentId: i.id })));
  }
  return timers;
}

function testAndReviewTimers(s: ImposedRequirement, config: DomainConfig): Timer[] {
  const timers: Timer[] = [];
  for (const t of Object.values(s.drugTests)) {
    const awaiting = t.status === 'COLLECTED' || (t.status === 'RESULTED' && t.outcome === null);
    if (!awaiting || t.sampleRecordedAt === null || t.method === null || !LAB_METHODS.has(t.method)) continue;
    const spec = {
      key: `lab:${t.id}`,
      kind: 'LAB_RESULT_DUE',
      dueAt: addMs(t.sampleRecordedAt, config.labResultWithinHours * HOUR_MS),
      role: 'provider',
      subjectId: t.id,
      description: 'The laboratory result is due.',
    } as const;
    timers.push(timer(s, spec, (b) => ({ type: 'LabResultOverdue', ...b, testId: t.id })));
  }
  for (const r of Object.values(s.reviews).filter((x) => x.status === 'SCHEDULED')) {
    const reportDue = {
      key: `review-report:${r.id}:${r.date}`,
      kind: 'REVIEW_REPORT_DUE',
      dueAt: endOfLondonDay(workingDaysBefore(r.date, config.reviewReportLeadWorkingDays, config)),
      role: 'probation',
      subjectId: r.id,
      description: 'Submit the written review report.',
    } as const;
    if (r.report === null)
      timers.push(timer(s, reportDue, (b) => ({ type: 'ReviewReportOverdue', ...b, reviewId: r.id })));
    const outcomeDue = {
      key: `review:${r.id}:${r.date}`,
      kind: 'REVIEW_DATE',
      dueAt: endOfLondonDay(r.date),
      role: 'court',
      subjectId: r.id,
      description: 'Record the review’s outcome.',
    } as const;
    timers.push(timer(s, outcomeDue, (b) => ({ type: 'ReviewOutcomeOverdue', ...b, reviewId: r.id })));
  }
  return timers;
}

/** Appointments' outcomes, evidence windows, lab results, review reports and review dates. */
export function itemTimers(s: ImposedRequirement, config: DomainConfig): Timer[] {
  return [...appointmentAndIncidentTimers(s, config), ...testAndReviewTimers(s, config)];
}
