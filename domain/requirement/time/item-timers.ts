import { addMs, endOfLondonDay } from '../../calendar';
import type { DomainConfig } from '../../config';
import type { Appointment, DrugTest, ImposedRequirement, Incident, Review } from '../state';
import { endOfWorkingDaysAfter, workingDaysBefore } from './instants';
import type { UncappedTimer } from './timer';

const HOUR_MS = 3_600_000;
const LAB_METHODS = new Set(['LAB_SCREEN', 'LAB_CONFIRMATORY']);

function appointmentTimers(a: Appointment, config: DomainConfig): UncappedTimer[] {
  if (a.status !== 'SCHEDULED') return [];
  const spec = {
    key: `outcome:${a.id}`,
    kind: 'OUTCOME_DUE',
    dueAt: endOfWorkingDaysAfter(a.start, config.outcomeDueWorkingDays, config),
    role: 'provider',
    subjectId: a.id,
    description: 'Record the appointment’s outcome.',
  } as const;
  return [{ spec, fire: (b) => ({ type: 'OutcomeOverdue', ...b, appointmentId: a.id }) }];
}

function incidentTimers(i: Incident): UncappedTimer[] {
  if (i.decision !== null) return [];
  const spec = {
    key: `evidence:${i.id}`,
    kind: 'ABSENCE_EVIDENCE_WINDOW_ENDS',
    dueAt: endOfLondonDay(i.evidenceWindowEndsOn),
    role: 'probation',
    subjectId: i.id,
    description: 'The window to evidence a reasonable excuse closes.',
  } as const;
  return [{ spec, fire: (b) => ({ type: 'AbsenceEvidenceWindowEnded', ...b, incidentId: i.id }) }];
}

function drugTestTimers(t: DrugTest, config: DomainConfig): UncappedTimer[] {
  const awaiting = t.status === 'COLLECTED' || (t.status === 'RESULTED' && t.outcome === null);
  if (!awaiting || t.sampleRecordedAt === null || t.method === null || !LAB_METHODS.has(t.method)) return [];
  const spec = {
    key: `lab:${t.id}`,
    kind: 'LAB_RESULT_DUE',
    dueAt: addMs(t.sampleRecordedAt, config.labResultWithinHours * HOUR_MS),
    role: 'provider',
    subjectId: t.id,
    description: 'The laboratory result is due.',
  } as const;
  return [{ spec, fire: (b) => ({ type: 'LabResultOverdue', ...b, testId: t.id }) }];
}

function reviewTimers(r: Review, config: DomainConfig): UncappedTimer[] {
  if (r.status !== 'SCHEDULED') return [];
  const timers: UncappedTimer[] = [];
  if (r.report === null) {
    const spec = {
      key: `review-report:${r.id}:${r.date}`,
      kind: 'REVIEW_REPORT_DUE',
      dueAt: endOfLondonDay(workingDaysBefore(r.date, config.reviewReportLeadWorkingDays, config)),
      role: 'probation',
      subjectId: r.id,
      description: 'Submit the written review report.',
    } as const;
    timers.push({ spec, fire: (b) => ({ type: 'ReviewReportOverdue', ...b, reviewId: r.id }) });
  }
  const spec = {
    key: `review:${r.id}:${r.date}`,
    kind: 'REVIEW_DATE',
    dueAt: endOfLondonDay(r.date),
    role: 'court',
    subjectId: r.id,
    description: 'Record the review’s outcome.',
  } as const;
  timers.push({ spec, fire: (b) => ({ type: 'ReviewOutcomeOverdue', ...b, reviewId: r.id }) });
  return timers;
}

/** What a caller does with one item and the function that gives its timers (of that item and the settings alone). */
export type ItemVisit = <T extends object>(
  item: T,
  timersOf: (item: T, config: DomainConfig) => UncappedTimer[],
) => void;

/**
 * Visits every item of the requirement that can have a timer, appointments (the scheduled ones), incidents,
 * drug tests then reviews, in the order held.
 */
export function forEachItem(s: ImposedRequirement, visit: ItemVisit): void {
  // for…in rather than Object.values (the same order): the maps are large dictionaries, which Object.values
  // copies and sorts, and this runs on every tick.
  const { appointments, incidents, drugTests, reviews } = s;
  for (const id of s.scheduledIds) visit(appointments[id]!, appointmentTimers);
  for (const id in incidents) visit(incidents[id]!, incidentTimers);
  for (const id in drugTests) visit(drugTests[id]!, drugTestTimers);
  for (const id in reviews) visit(reviews[id]!, reviewTimers);
}
