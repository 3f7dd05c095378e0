import type { Context } from 'hono';
import type { z } from 'zod';
import { readOf } from '../../api/reads/queries/read';
import { getRequirement } from '../../api/reads/queries/requirements';
import type { RequirementRead } from '../../api/schemas/requirement-read';
import { startOfLondonDay } from '../../domain/calendar';
import type { WebDeps, WebEnv } from '../env';
import { govukDate, words } from '../render';

type Requirement = z.output<typeof RequirementRead>;
type Review = NonNullable<Requirement['reviews']>[number];
type DrugTest = NonNullable<Requirement['drugTests']>[number];

const summary = (rows: [string, string | null | undefined][]) =>
  rows
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([key, value]) => ({ key: { text: key }, value: { text: value } }));

/** The day the period a review looks back on starts: the last review held before it, else the sentence. */
function periodStart(r: Requirement, review: Review): string | null {
  const held = (r.reviews ?? [])
    .filter((v) => v.status === 'HELD' && v.date < review.date)
    .map((v) => v.date);
  return held.sort().at(-1) ?? r.sentenceDate ?? null;
}

/**
 * The tests a report on this review holds: once written, those it reported (as they stood then); before, as
 * the domain will pick them (R11): every test whose sample was recorded since the period began.
 */
function testsOf(r: Requirement, review: Review, from: string | null): DrugTest[] {
  if (review.report) {
    const reported = new Set(review.report.testResults.map((t) => t.testId));
    return (r.drugTests ?? []).filter((t) => reported.has(t.id));
  }
  const since = from ? Date.parse(startOfLondonDay(from)) : -Infinity;
  return (r.drugTests ?? []).filter(
    (t) => t.sampleRecordedAt !== null && Date.parse(t.sampleRecordedAt) >= since,
  );
}

/** The person's attendance at enforceable sessions, to date. */
const attendanceOf = (p: NonNullable<Requirement['progress']>) =>
  summary([
    ['Enforceable sessions with an outcome', String(p.enforceableAppointmentsWithOutcome)],
    ['Attended', String(p.attended)],
    ['Missed', String(p.failedToAttend)],
    ['Missed, judged acceptable', String(p.acceptableAbsences)],
    ['Missed, judged unacceptable', String(p.unacceptableAbsences)],
    ['Attendance rate', p.attendanceRate === null ? null : `${Math.round(p.attendanceRate * 100)}%`],
  ]);

const findings = (t: DrugTest) =>
  t.substances.length === 0
    ? 'No result yet'
    : t.substances.map((s) => `${words(s.substance)}: ${words(s.result).toLowerCase()}`).join(', ');

/**
 * A DRR review's report to the court (Sentencing Code Sch 9 para 21(2)(d)–(e)): the period it covers, the
 * person's attendance, every test result since the last review, the provider's views, and — once written —
 * the responsible officer's view of progress and recommendation. Null when the requirement has no such review.
 */
export function reviewReportPresenter(
  r: Requirement,
  reviewId: string,
  person?: { name: string; crn?: string | null },
) {
  const review = r.reviews?.find((v) => v.id === reviewId);
  if (!review) return null;
  const from = periodStart(r, review);
  const tests = testsOf(r, review, from);
  const outcomeOf = (t: DrugTest) =>
    review.report?.testResults.find((x) => x.testId === t.id)?.outcome ?? t.outcome;
  return {
    requirementId: r.requirementId,
    reviewId: review.id,
    written: review.report !== null,
    reviewDate: govukDate(review.date),
    details: summary([
      ['Name', person?.name],
      ['CRN', person?.crn],
      ['Requirement', 'Drug rehabilitation requirement'],
      ['Review', `${govukDate(review.date)}, ${words(review.mode).toLowerCase()}`],
      ['Attendance at the review', review.offenderMustAttend ? 'Required' : 'Not required'],
      ['Period covered', from ? `${govukDate(from)} to ${govukDate(review.date)}` : null],
      ['Report sent', review.report ? govukDate(review.report.submittedAt, true) : null],
    ]),
    attendance: r.progress ? attendanceOf(r.progress) : [],
    tests: tests.map((t) => [
      { text: govukDate(t.sampleRecordedAt ?? t.dueAt, true) },
      { text: words(t.sampleStatus) + (t.sampleType ? `, ${words(t.sampleType).toLowerCase()}` : '') },
      { text: findings(t) + (t.explanation ? `. Explanation: ${t.explanation}` : '') },
      { text: words(outcomeOf(t)) || 'Awaiting result' },
    ]),
    providerViews: review.report?.providerViews ?? review.providerViews,
    progress: review.report ? words(review.report.progress) : null,
    recommendation: review.report?.recommendation ?? null,
  };
}

export type ReviewReport = NonNullable<ReturnType<typeof reviewReportPresenter>>;

/**
 * Beside the form that writes the report: the report as it will go, with its test results and the
 * provider's views filled in. Read as the requirement page reads it, and logged alike.
 */
export async function reviewReportAside(
  deps: WebDeps,
  c: Context<WebEnv>,
  target: { id: string; orderId: string },
) {
  c.get('accessed').push(readOf('requirement', target.id, target.orderId));
  const requirement = await getRequirement(deps.db, c.get('principal'), target.id, deps.clock());
  return { report: reviewReportPresenter(requirement, c.req.param('reviewId') ?? '') };
}
