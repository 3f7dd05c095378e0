import { instantMs } from '../../calendar';
import { isAttended } from './attendance';
import type { ImposedRequirement } from '../state';

/** The progress summary a probation officer reads, derived from state. */
export function progressOf(s: ImposedRequirement) {
  const decisionOf = (incidentId: string | null) =>
    incidentId === null ? null : (s.incidents[incidentId]?.decision ?? null);
  const enforceable = Object.values(s.appointments).filter(
    (a) => a.enforceable && a.status === 'OUTCOME_RECORDED',
  );
  const attended = enforceable.filter((a) => isAttended(a.outcome)).length;
  const missed = enforceable.filter((a) => a.outcome === 'FAILED_TO_ATTEND');
  const acceptable = missed.filter((a) => decisionOf(a.incidentId) === 'ACCEPTABLE').length;
  const unacceptable = missed.filter((a) => decisionOf(a.incidentId) === 'UNACCEPTABLE').length;
  const countable = attended + missed.length - acceptable;
  const testsByOutcome: Record<string, number> = {};
  const tests = Object.values(s.drugTests)
    .filter((t) => t.outcome !== null && t.sampleRecordedAt !== null)
    .sort((a, b) => instantMs(a.sampleRecordedAt ?? '') - instantMs(b.sampleRecordedAt ?? ''));
  for (const t of tests) if (t.outcome) testsByOutcome[t.outcome] = (testsByOutcome[t.outcome] ?? 0) + 1;
  const nextReview = Object.values(s.reviews)
    .filter((r) => r.status === 'SCHEDULED')
    .sort((a, b) => a.date.localeCompare(b.date))[0];
  return {
    enforceableAppointmentsWithOutcome: enforceable.length,
    attended,
    failedToAttend: missed.length,
    acceptableAbsences: acceptable,
    unacceptableAbsences: unacceptable,
    incidentsPendingDecision: Object.values(s.incidents).filter((i) => i.decision === null).length,
    /** Attended ÷ (attended + absences not judged acceptable), enforceable appointments only. */
    attendanceRate: countable === 0 ? null : attended / countable,
    sessionsAttended: Object.values(s.appointments).filter((a) => isAttended(a.outcome)).length,
    testsByOutcome,
    testsOverTime: tests.map((t) => ({ testId: t.id, sampledAt: t.sampleRecordedAt, outcome: t.outcome })),
    nextReview: nextReview ? { reviewId: nextReview.id, date: nextReview.date, mode: nextReview.mode } : null,
  };
}
