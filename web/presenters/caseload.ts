import type { listOrders } from '../../api/reads/queries/orders';
import { govukDate, words } from '../render';
import { statusTag } from './tags';
import { escape } from './worklist';

type Item = Awaited<ReturnType<typeof listOrders>>['value']['items'][number];

/** The caseload table: one row per order, the person's name linking to the case. */
export function caseloadPresenter(items: Item[]) {
  return items.map((o) => [
    {
      html: `<a class="govuk-link" href="/cases/${o.id}">${escape(`${o.person.givenName} ${o.person.familyName}`)}</a>`,
    },
    { text: o.person.crn ?? '' },
    { text: [words(o.orderType) || 'Before sentence', ...o.requirementTypes].join(', ') },
    { text: o.courtCode },
    { text: o.probationDeliveryUnit },
    { text: govukDate(o.endDate ?? o.hearingDate) },
    { html: tagHtml(o.status) },
  ]);
}

export function tagHtml(status: string | null | undefined) {
  const tag = statusTag(status);
  return `<strong class="govuk-tag ${tag.classes}">${escape(tag.text)}</strong>`;
}
