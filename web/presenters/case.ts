import type { z } from 'zod';
import type { OrderEventItem, OrderRead } from '../../api/schemas/order-read';
import { govukDate, words } from '../render';
import { tagHtml } from './caseload';
import { deadlineLink, deadlineText, escape } from './worklist';

type Order = z.output<typeof OrderRead>;
/** What the timeline shows of an event. */
type Event = Pick<z.output<typeof OrderEventItem>, 'type' | 'occurredAt' | 'actor'>;

const summary = (rows: [string, string | null | undefined][]) =>
  rows
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([key, value]) => ({ key: { text: key }, value: { text: value } }));

/**
 * The case page: who, the order, each requirement, what is due, the compliance record, what happened (the
 * events given, newest first).
 */
export function casePresenter(order: Order, events: Event[] | null) {
  const person = order.case?.person;
  const name = person ? `${person.givenName} ${person.familyName}` : 'Case';
  const compliance = order.compliance;
  return {
    name,
    status: tagHtml(order.status),
    /** The proposal is before the court: the sentence can be recorded. */
    proposedForSentence: order.status === 'PROPOSED',
    person: summary([
      ['Name', name],
      ['Date of birth', govukDate(person?.dateOfBirth)],
      ['CRN', person?.crn],
      ['Home local justice area', person?.homeLocalJusticeArea],
    ]),
    order: summary([
      ['Status', words(order.status)],
      ['Order', words(order.order?.orderType) || 'Not sentenced yet'],
      ['Court', order.case?.court?.code],
      ['Probation delivery unit', order.case?.probationDeliveryUnit],
      ['Hearing date', govukDate(order.case?.hearingDate)],
      ['Sentence date', govukDate(order.order?.sentenceDate)],
      ['End date', govukDate(order.order?.endDate)],
    ]),
    requirements: order.requirementDetails.map((r) => [
      { html: `<a class="govuk-link" href="/requirements/${r.id}">${escape(r.type)}</a>` },
      { text: words(r.stage) },
      { text: r.detail.providerOrgId ?? '' },
      { html: tagHtml(r.status) },
    ]),
    due: order.nextDeadlines.map((d) => [
      { html: `<a class="govuk-link" href="${deadlineLink(d)}">${escape(deadlineText(d.description))}</a>` },
      { text: govukDate(d.dueAt, true) },
      { html: d.overdue ? tagHtml('OVERDUE').replace('govuk-tag--blue', 'govuk-tag--red') : '' },
    ]),
    compliance: compliance && {
      counts: summary([
        ['Awaiting a decision', String(compliance.pendingDecisions ?? 0)],
        ['Acceptable absences', String(compliance.acceptableIncidents ?? 0)],
        ['Unacceptable failures', String(compliance.unacceptableIncidents ?? 0)],
        ['Failures to comply', compliance.ftcCount === undefined ? null : String(compliance.ftcCount)],
      ]),
      incidents: (compliance.incidents ?? []).map((i) => [
        { text: words(i.source) },
        { text: govukDate(i.occurredAt, true) },
        {
          text: i.decision
            ? `${words(i.decision.decision)}${i.decision.reason ? `: ${i.decision.reason}` : ''}`
            : '',
        },
        { html: tagHtml(i.status) },
      ]),
      warnings: (compliance.warnings ?? []).map((w) => ({
        heading: `Warning given ${govukDate(w.givenOn)}`,
        rows: summary([
          ['Expires', govukDate(w.expiresOn)],
          ['Circumstances', w.circumstances],
          ['Statement to the person', w.statement],
        ]),
      })),
      referrals: (compliance.referrals ?? []).map((r) => [
        { text: govukDate(r.referredOn) },
        { text: r.mandatory ? 'Mandatory' : 'Discretionary' },
        { html: tagHtml(r.status) },
      ]),
      proceedings: (compliance.proceedings ?? []).map((p) => [
        { text: govukDate(p.informationLaidOn) },
        { text: p.courtCode },
        {
          text: p.outcome
            ? `${words(p.outcome.finding)}${p.outcome.disposal ? `: ${words(p.outcome.disposal)}` : ''}`
            : '',
        },
        { html: tagHtml(p.status) },
      ]),
    },
    timeline:
      events &&
      events.map((e) => ({
        label: { text: words(e.type.replace(/([a-z])([A-Z])/g, '$1_$2')) },
        byline: { text: `${words(e.actor.role)} (${e.actor.org})` },
        datetime: { timestamp: e.occurredAt, type: 'datetime' },
        text: '',
      })),
  };
}
