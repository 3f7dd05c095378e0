import { type CommandRoute, workflowCommands } from '../../api/commands/catalogue';
import type { Field } from './fields';

/** A page's form for one command of the catalogue: what it asks, in what words, and what it says when done. */
export interface FormDefinition {
  operationId: (typeof workflowCommands)[number]['operationId'];
  title: string;
  /** The notification after it was sent. */
  done: string;
  fields: readonly Field[];
}

/** The forms the pages offer; each posts the command of its catalogue entry, at its path without `/v1`. */
export const forms: readonly FormDefinition[] = [
  {
    operationId: 'recordAcceptance',
    title: 'Accept or decline the referral',
    done: 'Your answer to the referral has been recorded',
    fields: [
      {
        name: 'accepted',
        kind: 'yes-no',
        label: 'Do you accept the referral?',
        message: 'Select yes if you accept the referral',
      },
      {
        name: 'reason',
        kind: 'textarea',
        label: 'Reason',
        hint: 'Why you decline, if you do',
        message: 'Enter the reason',
        optional: true,
      },
    ],
  },
  {
    operationId: 'bookAppointment',
    title: 'Book a session',
    done: 'The session has been booked',
    fields: [
      {
        name: 'start',
        kind: 'date-time',
        label: 'When does it start?',
        hint: 'For example, 27 3 2027 and 14:30',
        message: 'Enter a real date and a time, like 14:30',
      },
      {
        name: 'durationMinutes',
        kind: 'number',
        label: 'How long is it, in minutes?',
        message: 'Enter a length between 5 and 480 minutes',
      },
      {
        name: 'kind',
        kind: 'choice',
        label: 'What kind of session is it?',
        message: 'Select the kind of session',
      },
      {
        name: 'deliveryMode',
        kind: 'choice',
        label: 'How is it delivered?',
        message: 'Select how it is delivered',
      },
      {
        name: 'enforceable',
        kind: 'yes-no',
        label: 'Can missing it be enforced?',
        hint: 'An enforceable session missed without an acceptable reason is a failure to comply',
        message: 'Select yes if missing it can be enforced',
      },
    ],
  },
  {
    operationId: 'recordOutcome',
    title: 'Record the session’s outcome',
    done: 'The session’s outcome has been recorded',
    fields: [
      {
        name: 'sessionHappened',
        kind: 'yes-no',
        label: 'Did the session happen?',
        message: 'Select yes if the session happened',
      },
      {
        name: 'attended',
        kind: 'choice',
        label: 'Did the person attend?',
        message: 'Select whether they attended',
      },
      {
        name: 'noSessionReason',
        kind: 'choice',
        label: 'Why did the session not happen?',
        message: 'Select why the session did not happen',
        optional: true,
      },
      {
        name: 'lateReason',
        kind: 'text',
        label: 'Why were they late?',
        message: 'Enter why they were late',
        optional: true,
      },
      {
        name: 'notes',
        kind: 'textarea',
        label: 'Session notes',
        hint: 'Seen only by the provider and probation',
        message: 'Enter the notes',
        optional: true,
      },
    ],
  },
];

/** The catalogue entry a form posts. */
export function commandOf(form: FormDefinition): CommandRoute {
  const def = workflowCommands.find((c) => c.operationId === form.operationId);
  if (!def) throw new Error(`no command ${form.operationId}`);
  return def;
}

/** A form's page path: its command's API path without `/v1`, its ids as Hono parameters. */
export const pagePathOf = (form: FormDefinition) =>
  commandOf(form)
    .path.replace(/^\/v1/, '')
    .replace(/\{(\w+)\}/g, ':$1');
