import type { DeadlineCounts, deadlineJson } from '../../api/reads/queries/deadlines';
import { govukDate, words } from '../render';

type Deadline = ReturnType<typeof deadlineJson>;

/** Where a deadline's work is done: the requirement's page, or the case's. */
export const deadlineLink = (d: Pick<Deadline, 'orderId' | 'requirementId'>) =>
  d.requirementId ? `/requirements/${d.requirementId}` : `/cases/${d.orderId}`;

/** A deadline's description with its days as GOV.UK writes dates: "Order ends on 5 March 2027". */
export const deadlineText = (description: string) =>
  description.replace(/\b\d{4}-\d{2}-\d{2}\b/g, (day) => govukDate(day));

/** Tasks a worklist page shows. */
export const WORKLIST_PAGE_SIZE = 50;

/** A worklist page's link; the first page is the worklist itself. */
const pageHref = (page: number) => (page === 1 ? '/' : `/?page=${page}`);

/** GOV.UK pagination: every page when few, else the first, the last and those beside this one. */
function pagination(page: number, pages: number) {
  if (pages <= 1) return null;
  const shown = [...new Set([1, page - 1, page, page + 1, pages])].filter((n) => n >= 1 && n <= pages);
  const numbers = pages <= 7 ? Array.from({ length: pages }, (_, i) => i + 1) : shown;
  const items = numbers.flatMap((n, i) => [
    ...(i > 0 && n - numbers[i - 1]! > 1 ? [{ ellipsis: true }] : []),
    { number: n, href: pageHref(n), current: n === page },
  ]);
  return {
    ...(page > 1 ? { previous: { href: pageHref(page - 1) } } : {}),
    ...(page < pages ? { next: { href: pageHref(page + 1) } } : {}),
    items,
    landmarkLabel: 'Worklist pages',
  };
}

/**
 * One page of the worklist: overdue first (oldest first), then what is due, soonest first (the order of their
 * due times); with the counts of all of them. Each task names the person it is for (by order id, from
 * `names`), linked to their case.
 */
export function worklistPresenter(
  {
    items,
    names,
    counts,
  }: { items: Deadline[]; names: ReadonlyMap<string, string>; counts: DeadlineCounts | null },
  page: number,
) {
  const row = (d: Deadline) => [
    { html: `<a class="govuk-link" href="${deadlineLink(d)}">${escape(deadlineText(d.description))}</a>` },
    {
      html: `<a class="govuk-link" href="/cases/${d.orderId}">${escape(names.get(d.orderId) ?? 'Case')}</a>`,
    },
    { text: words(d.kind) },
    { text: govukDate(d.dueAt, true) },
    {
      html: d.overdue
        ? '<strong class="govuk-tag govuk-tag--red">Overdue</strong>'
        : '<strong class="govuk-tag govuk-tag--blue">Due</strong>',
    },
  ];
  const all = counts ? counts.overdue + counts.due : 0;
  const first = (page - 1) * WORKLIST_PAGE_SIZE + 1;
  return {
    counts: counts ?? { overdue: 0, due: 0 },
    rows: items.map(row),
    shown: all > WORKLIST_PAGE_SIZE ? `tasks ${first} to ${first + items.length - 1} of ${all}` : null,
    pagination: pagination(page, Math.ceil(all / WORKLIST_PAGE_SIZE)),
  };
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
/** Text made safe to put in the HTML a macro is given. */
export const escape = (text: string) => text.replace(/[&<>"']/g, (ch) => ENTITIES[ch]!);
