import type { deadlineJson } from '../../api/reads/queries/deadlines';
import { govukDate, words } from '../render';

type Deadline = ReturnType<typeof deadlineJson>;

/** Where a deadline's work is done: the requirement's page, or the case's. */
export const deadlineLink = (d: Pick<Deadline, 'orderId' | 'requirementId'>) =>
  d.requirementId ? `/requirements/${d.requirementId}` : `/cases/${d.orderId}`;

/** A deadline's description with its days as GOV.UK writes dates: "Order ends on 5 March 2027". */
export const deadlineText = (description: string) =>
  description.replace(/\b\d{4}-\d{2}-\d{2}\b/g, (day) => govukDate(day));

/**
 * The worklist: overdue first (oldest first), then what is due, soonest first; with the counts of each. Each
 * task names the person it is for (by order id, from `names`), linked to their case.
 */
export function worklistPresenter(deadlines: Deadline[], names: ReadonlyMap<string, string>) {
  const overdue = deadlines.filter((d) => d.overdue);
  const due = deadlines.filter((d) => !d.overdue);
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
  return {
    counts: { overdue: overdue.length, due: due.length },
    rows: [...overdue, ...due].map(row),
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
