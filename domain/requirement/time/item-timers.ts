import { addMs, endOfLondonDay } from '../../calendar';
import type { DomainConfig } from '../../config';
import type { Appointment, DrugTest, ImposedRequirement, Incident, Review } from '../state';
import { endOfWorkingDaysAfter, workingDaysBefore } from './instants';
import { type Obligation, type Timer, timer } from './timer';

const HOUR_MS = 3_600_000;
const LAB_METHODS = new Set(['LAB_SCREEN', 'LAB_CONFIRMATORY']);

function appointmentObligations(a: Appointment, config: DomainConfig): Obligation[] {
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

function incidentObligations(i: Incident): Obligation[] {
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

function testObligations(t: DrugTest, config: DomainConfig): Obligation[] {
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

function reviewObligations(r: Review, config: DomainConfig): Obligation[] {
  if (r.status !== 'SCHEDULED') return [];
  const obligations: Obligation[] = [];
  if (r.report === null) {
    const reportDue = {
      key: `review-report:${r.id}:${r.date}`,
      kind: 'REVIEW_REPORT_DUE',
      dueAt: endOfLondonDay(workingDaysBefore(r.date, config.reviewReportLeadWorkingDays, config)),
      role: 'probation',
      subjectId: r.id,
      description: 'Submit the written review report.',
    } as const;
    obligations.push({
      spec: reportDue,
      fire: (b) => ({ type: 'ReviewReportOverdue', ...b, reviewId: r.id }),
    });
  }
  const outcomeDue = {
    key: `review:${r.id}:${r.date}`,
    kind: 'REVIEW_DATE',
    dueAt: endOfLondonDay(r.date),
    role: 'court',
    subjectId: r.id,
    description: 'Record the review’s outcome.',
  } as const;
  obligations.push({
    spec: outcomeDue,
    fire: (b) => ({ type: 'ReviewOutcomeOverdue', ...b, reviewId: r.id }),
  });
  return obligations;
}

/**
 * The maps of items with obligations, in the order their timers are listed, and what each item's state
 * obliges someone to do by when. An item's obligations depend on the item and the settings alone.
 */
export const ITEM_OBLIGATIONS = [
  { items: 'appointments', of: (item, config) => appointmentObligations(item as Appointment, config) },
  { items: 'incidents', of: (item) => incidentObligations(item as Incident) },
  { items: 'drugTests', of: (item, config) => testObligations(item as DrugTest, config) },
  { items: 'reviews', of: (item, config) => reviewObligations(item as Review, config) },
] as const satisfies readonly {
  items: 'appointments' | 'incidents' | 'drugTests' | 'reviews';
  of: (item: object, config: DomainConfig) => Obligation[];
}[];

export type ItemMap = (typeof ITEM_OBLIGATIONS)[number]['items'];

/** Appointments' outcomes, evidence windows, lab results, review reports and review dates. */
export function itemTimers(s: ImposedRequirement, config: DomainConfig): Timer[] {
  const timers: Timer[] = [];
  for (const { items, of } of ITEM_OBLIGATIONS)
    for (const item of Object.values<object>(s[items]))
      for (const o of of(item, config)) timers.push(timer(s, o.spec, o.fire));
  return timers;
}
