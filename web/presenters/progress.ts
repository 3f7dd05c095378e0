import { symbolCircle, symbolDiamond, symbolSquare, symbolTriangle } from 'd3-shape';
import type { z } from 'zod';
import type { OrderRead } from '../../api/schemas/order-read';
import type { RequirementRead } from '../../api/schemas/requirement-read';
import { addDays, dayOfWeek, londonDate } from '../../domain/calendar';
import type { SubstanceResult } from '../../domain/enums';
import { barChart } from '../charts/bar-chart';
import { dotChart } from '../charts/dot-chart';
import { COLOURS } from '../charts/svg';
import { govukDate, words } from '../render';

type Order = z.output<typeof OrderRead>;
type Requirement = z.output<typeof RequirementRead>;

const RESULT_MARKERS: Record<
  z.output<typeof SubstanceResult>,
  { shape: typeof symbolCircle; colour: string; filled: boolean }
> = {
  NEGATIVE: { shape: symbolCircle, colour: COLOURS.green, filled: false },
  POSITIVE: { shape: symbolTriangle, colour: COLOURS.red, filled: true },
  POSITIVE_PRESCRIBED: { shape: symbolSquare, colour: COLOURS.orange, filled: true },
  INCONCLUSIVE: { shape: symbolDiamond, colour: COLOURS.grey, filled: false },
  PENDING: { shape: symbolDiamond, colour: COLOURS.blue, filled: false },
};

/** The Monday of the London week a session started in. */
const weekCommencing = (instant: string) => {
  const day = londonDate(instant);
  return addDays(day, -((dayOfWeek(day) + 6) % 7));
};

/** Sessions with an outcome, attended or not, per week (every requirement of the order). */
function attendance(requirements: Requirement[]) {
  const weeks = new Map<string, { attended: number; missed: number }>();
  for (const a of requirements.flatMap((r) => r.appointments ?? [])) {
    if (a.status !== 'OUTCOME_RECORDED' || !a.start) continue;
    const week = weekCommencing(a.start);
    const counts = weeks.get(week) ?? { attended: 0, missed: 0 };
    if (a.attended) counts.attended += 1;
    else counts.missed += 1;
    weeks.set(week, counts);
  }
  const rows = [...weeks.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([week, values]) => ({ category: govukDate(week), values }));
  if (rows.length === 0) return null;
  return barChart({
    id: 'attendance',
    title: 'Sessions attended and missed per week',
    description: `Sessions with a recorded outcome in each of ${rows.length} weeks: attended as solid bars, not attended as hatched bars.`,
    categoryLabel: 'Week commencing',
    series: [
      { key: 'attended', label: 'Attended', fill: 'solid', colour: COLOURS.blue },
      { key: 'missed', label: 'Not attended', fill: 'hatched', colour: COLOURS.red },
    ],
    rows,
  });
}

/** Each resulted drug test's result per substance, over time. */
function drugTests(requirements: Requirement[]) {
  const points = requirements
    .flatMap((r) => r.drugTests ?? [])
    .filter((t) => t.resultAt !== null && t.substances.length > 0)
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt))
    .flatMap((t) =>
      t.substances.map((s) => ({ row: words(s.substance), day: londonDate(t.dueAt), kind: s.result })),
    );
  if (points.length === 0) return null;
  const used = new Set(points.map((p) => p.kind));
  return dotChart({
    id: 'drug-tests',
    title: 'Drug test results by substance',
    description: `${points.length} results over time, one row per substance: negative as an open circle, positive as a filled triangle, positive but prescribed as a filled square, inconclusive or pending as a diamond.`,
    rowLabel: 'Substance',
    kinds: Object.entries(RESULT_MARKERS)
      .filter(([key]) => used.has(key as keyof typeof RESULT_MARKERS))
      .map(([key, marker]) => ({ key, label: words(key), ...marker })),
    points,
    formatDay: (day) => govukDate(day),
  });
}

/** `/cases/{orderId}/progress`: how the person is doing, as charts and tables, and what needs attention. */
export function progressPresenter(orderId: string, order: Order, requirements: Requirement[], today: string) {
  const person = order.case?.person;
  const name = person ? `${person.givenName} ${person.familyName}` : 'Case';
  const nextReview = requirements
    .flatMap((r) => (r.reviews ?? []).filter((v) => v.status === 'SCHEDULED' && v.date >= today))
    .sort((a, b) => a.date.localeCompare(b.date))[0];
  return {
    name,
    orderId,
    attendance: attendance(requirements),
    drugTests: drugTests(requirements),
    warnings: (order.compliance?.warnings ?? [])
      .filter((w) => !w.expired)
      .map((w) => [
        { text: govukDate(w.givenOn) },
        { text: govukDate(w.expiresOn) },
        { text: w.circumstances },
      ]),
    nextReview: nextReview ? `${govukDate(nextReview.date)} (${words(nextReview.mode).toLowerCase()})` : null,
    overdue: order.nextDeadlines
      .filter((d) => d.overdue)
      .map((d) => [{ text: d.description }, { text: govukDate(d.dueAt, true) }]),
  };
}
