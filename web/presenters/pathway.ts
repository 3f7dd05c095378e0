import type { z } from 'zod';
import type { OrderRead } from '../../api/schemas/order-read';
import { REQUIREMENT_NAMES } from '../forms/definitions';
import { words } from '../render';
import { tagHtml } from './caseload';

type Order = z.output<typeof OrderRead>;
type Proposed = NonNullable<Order['proposedRequirements']>[number];

/** The GOV.UK task list's four statuses: a tag while there is work to do, plain text once done or blocked. */
const STATUS = {
  notStarted: { tag: { text: 'Not yet started', classes: 'govuk-tag--blue' } },
  inProgress: { tag: { text: 'In progress', classes: 'govuk-tag--light-blue' } },
  completed: { text: 'Completed' },
  cannotStart: { text: 'Cannot start yet', classes: 'govuk-task-list__status--cannot-start-yet' },
} as const;
type Status = keyof typeof STATUS;

interface Task {
  title: string;
  /** The form that does it, while it can be done. */
  href?: string;
  hint?: string;
  status: Status;
}

const item = (t: Task) => ({
  title: { text: t.title },
  href: t.status === 'cannotStart' || t.status === 'completed' ? undefined : t.href,
  hint: t.hint ? { text: t.hint } : undefined,
  status: STATUS[t.status],
});

const nameOf = (type: string | undefined) => REQUIREMENT_NAMES[type ?? ''] ?? type ?? '';

function assessmentText(r: Proposed) {
  const outcome = r.assessment
    ? `assessed ${words(r.assessment.outcome).toLowerCase()}`
    : 'awaiting assessment';
  return `${r.type}: ${outcome} (${r.providerOrgId})`;
}

const suitable = (r: Proposed) => r.assessment?.outcome === 'SUITABLE';

/**
 * The pre-sentence pathway as the court assessor works through it (domain.md §4): open, screen, ask providers
 * to assess, record the person's consent to each requirement assessed suitable, propose. Each task says
 * whether it can start, and links to its form while there is something to do.
 */
export function pathwayPresenter(orderId: string, order: Order) {
  const c = order.case;
  const person = c?.person ? `${c.person.givenName} ${c.person.familyName}` : 'Case';
  const requested = order.proposedRequirements ?? [];
  const screenedIn = c?.screening?.outcome === 'PROCEED_TO_ASSESSMENT';
  const proposed = Boolean(c?.proposal);
  const open = !order.terminal;
  const base = `/cases/${orderId}`;

  const assessing: Status =
    !screenedIn || !open
      ? 'cannotStart'
      : proposed
        ? 'completed'
        : requested.length === 0
          ? 'notStarted'
          : requested.some((r) => !r.assessment)
            ? 'inProgress'
            : 'completed';
  const consents: Task[] = requested.filter(suitable).map((r) => ({
    title: `Record consent to the ${r.type}`,
    href: `/requirements/${r.requirementId}/consent`,
    hint: r.consent ? `${words(r.consent.status)} on ${r.consent.date}` : nameOf(r.type),
    status: r.consent ? 'completed' : proposed || !open ? 'cannotStart' : 'notStarted',
  }));
  const ready = requested.some((r) => suitable(r) && r.consent?.status === 'GIVEN');

  const tasks: Task[] = [
    {
      title: 'Open the case',
      hint: `Heard at ${c?.court?.code ?? ''} on ${c?.hearingDate ?? ''}`,
      status: 'completed',
    },
    {
      title: 'Screen the case',
      href: `${base}/screening`,
      hint: c?.screening ? words(c.screening.outcome) : undefined,
      status: c?.screening ? 'completed' : open ? 'notStarted' : 'cannotStart',
    },
    {
      title: 'Ask providers to assess',
      href: `${base}/requirements`,
      hint:
        requested.length > 0 ? requested.map(assessmentText).join('; ') : 'Once screened in for assessment',
      status: assessing,
    },
    ...(consents.length > 0
      ? consents
      : [
          {
            title: 'Record consent',
            hint: 'Once a requirement is assessed suitable',
            status: 'cannotStart' as const,
          },
        ]),
    {
      title: 'Propose the CSTR',
      href: `${base}/proposal`,
      hint: c?.proposal
        ? `Proposed in pre-sentence report ${c.proposal.psrReference}`
        : 'Once a requirement is assessed suitable and the person consents to it',
      status: proposed ? 'completed' : ready && open ? 'notStarted' : 'cannotStart',
    },
  ];
  // Asking another provider stays open until the proposal, as the domain allows.
  const askAnother =
    screenedIn && open && !proposed && assessing === 'completed' ? `${base}/requirements` : null;
  return {
    person,
    status: tagHtml(order.status),
    tasks: tasks.map(item),
    askAnother,
    done: tasks.filter((t) => t.status === 'completed').length,
    total: tasks.length,
  };
}
