import { randomUUID } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { openCase } from '../../api/commands/catalogue';
import { commandInputOf } from '../../api/commands/command-input';
import { openOrder } from '../../api/commands/send';
import { ProblemError } from '../../api/problem';
import { londonDate } from '../../domain/calendar';
import { CourtType, IdentificationSource, Plea, RequirementType } from '../../domain/enums';
import { orderUpdates } from '../../workflows/messages';
import type { WebDeps, WebEnv } from '../env';
import { REQUIREMENT_NAMES } from '../forms/definitions';
import { type Field, type FieldError, anchorOf, bodyFromForm, dateField } from '../forms/fields';
import { defaults, fieldView } from '../forms/routes';
import { formSeed, formTokenOf, problemErrors } from '../forms/send';
import { render } from '../render';
import { notFoundPage } from './not-found';

/** What opening a case asks, flat; `caseBody` puts the answers where the OpenCase command has them. */
const FIELDS: readonly Field[] = [
  { name: 'givenName', kind: 'text', label: 'Given name', message: 'Enter the person’s given name' },
  { name: 'familyName', kind: 'text', label: 'Family name', message: 'Enter the person’s family name' },
  dateField('dateOfBirth', 'Date of birth', 'Enter a real date of birth'),
  {
    name: 'crn',
    kind: 'text',
    label: 'Case reference number (CRN), if known',
    message: 'Enter the CRN',
    optional: true,
  },
  {
    name: 'homeLocalJusticeArea',
    kind: 'text',
    label: 'Local justice area the person lives in',
    message: 'Enter the local justice area the person lives in',
  },
  {
    name: 'courtType',
    kind: 'choice',
    label: 'Which kind of court is it?',
    message: 'Select the kind of court',
  },
  {
    name: 'probationDeliveryUnit',
    kind: 'text',
    label: 'Probation delivery unit code',
    hint: 'The unit that will supervise the order, for example N07LDN',
    message: 'Enter the probation delivery unit’s code',
  },
  dateField('hearingDate', 'Hearing date', 'Enter a real hearing date'),
  dateField(
    'convictionDate',
    'Date of conviction, if known',
    'Enter a real date of conviction, or leave it blank',
    true,
  ),
  { name: 'plea', kind: 'choice', label: 'What was the plea?', message: 'Select the plea' },
  { name: 'offence', kind: 'textarea', label: 'The offence', message: 'Enter the offence' },
  {
    name: 'imprisonable',
    kind: 'yes-no',
    label: 'Is the offence punishable with imprisonment?',
    message: 'Select yes if the offence is punishable with imprisonment',
  },
  {
    name: 'identificationSource',
    kind: 'choice',
    label: 'Who identified the case for a treatment requirement?',
    message: 'Select who identified the case',
  },
  dateField('identificationDate', 'When was it identified?', 'Enter a real date the case was identified'),
];

const CHOICES = z.object({ courtType: CourtType, plea: Plea, identificationSource: IdentificationSource });
const TYPES = 'proposedTypes';
const TYPES_MESSAGE = 'Select at least one requirement to consider';

/** The command's fields (its pointers) and the question that asks each. */
const POINTERS: Record<string, string> = {
  '/person/givenName': 'givenName',
  '/person/familyName': 'familyName',
  '/person/dateOfBirth': 'dateOfBirth',
  '/person/crn': 'crn',
  '/person/homeLocalJusticeArea': 'homeLocalJusticeArea',
  '/court/type': 'courtType',
  '/probationDeliveryUnit': 'probationDeliveryUnit',
  '/hearingDate': 'hearingDate',
  '/convictionDate': 'convictionDate',
  '/plea': 'plea',
  '/offences': 'offence',
  '/identification/source': 'identificationSource',
  '/identification/date': 'identificationDate',
};

function fieldOfPointer(pointer: string) {
  if (pointer.startsWith(`/${TYPES}`)) return { field: TYPES, href: `#${TYPES}` };
  const key = Object.keys(POINTERS).find((k) => pointer === k || pointer.startsWith(`${k}/`));
  const field = key && FIELDS.find((f) => f.name === POINTERS[key]);
  return field ? { field: field.name, href: anchorOf(field, FIELDS) } : undefined;
}

const typesOf = (posted: Record<string, unknown>) =>
  [posted[TYPES]].flat().filter((t): t is string => typeof t === 'string');

/** The OpenCase body from the form, at the signed-in assessor's own court. */
function caseBody(posted: Record<string, unknown>, court: string) {
  const { body, errors } = bodyFromForm(FIELDS, CHOICES, posted);
  const types = typesOf(posted);
  if (types.length === 0 || !types.every((t) => RequirementType.safeParse(t).success))
    errors.push({ field: TYPES, text: TYPES_MESSAGE, href: `#${TYPES}` });
  const b = body as Record<string, string | boolean | undefined>;
  return {
    errors,
    body: {
      person: {
        givenName: b.givenName,
        familyName: b.familyName,
        dateOfBirth: b.dateOfBirth,
        ...(b.crn ? { crn: b.crn } : {}),
        homeLocalJusticeArea: b.homeLocalJusticeArea,
      },
      court: { code: court, type: b.courtType },
      probationDeliveryUnit: b.probationDeliveryUnit,
      hearingDate: b.hearingDate,
      ...(b.convictionDate ? { convictionDate: b.convictionDate } : {}),
      plea: b.plea,
      offences: [{ description: b.offence, imprisonable: b.imprisonable }],
      identification: { source: b.identificationSource, date: b.identificationDate },
      proposedTypes: types,
    },
  };
}

/**
 * `/cases/new`: a court assessor opens a case at its own court, as `POST /v1/orders` does (the same command,
 * its id from the one-time form token, so a double click opens one case), then goes to its task list.
 */
export function openCasePage(deps: WebDeps) {
  const app = new Hono<WebEnv>();
  const show = (c: Context<WebEnv>, posted: Record<string, unknown>, errors: FieldError[], status = 200) => {
    const chosen = typesOf(posted);
    const error = errors.find((e) => e.field === TYPES);
    const checkboxes = {
      macro: 'checkboxes',
      params: {
        idPrefix: TYPES,
        name: TYPES,
        fieldset: {
          legend: { text: 'Which requirements are to be considered?', classes: 'govuk-fieldset__legend--s' },
        },
        hint: { text: 'Select all that apply' },
        errorMessage: error ? { text: error.text } : undefined,
        items: RequirementType.options.map((t) => ({
          value: t,
          text: REQUIREMENT_NAMES[t],
          checked: chosen.includes(t),
        })),
      },
    };
    return render(
      c,
      'form.njk',
      {
        title: 'Open a case',
        lead: `The case is heard at your court, ${c.get('principal').org}.`,
        formToken: typeof posted.formToken === 'string' ? posted.formToken : randomUUID(),
        errors,
        backHref: '/',
        fields: [...FIELDS.map((f) => fieldView(f, CHOICES, posted, errors)), checkboxes],
      },
      status,
    );
  };

  app.get('/cases/new', (c) => {
    if (c.get('principal').role !== 'court-assessor') return notFoundPage(c);
    const today = londonDate(deps.clock().toISOString());
    return show(
      c,
      defaults(
        FIELDS.filter((f) => f.name === 'hearingDate' || f.name === 'identificationDate'),
        today,
      ),
      [],
    );
  });

  app.post('/cases/new', async (c) => {
    const p = c.get('principal');
    if (p.role !== 'court-assessor') return notFoundPage(c);
    const posted = await c.req.parseBody({ all: true });
    const formToken = formTokenOf(posted);
    if (!formToken) return show(c, {}, [], 400);
    const { body, errors } = caseBody(posted, p.org);
    if (errors.length > 0) return show(c, posted, errors, 400);
    let orderId: string;
    try {
      const input = commandInputOf(p, formSeed(c, formToken, openCase.path, body), openCase, {}, body);
      orderId = (input.command as { orderId: string }).orderId;
      await openOrder(
        deps.temporal,
        orderId,
        deps.config,
        orderUpdates.OpenCase,
        input,
        deps.commandTimeoutMs,
      );
    } catch (error) {
      if (!(error instanceof ProblemError) || error.status >= 500) throw error;
      const first = FIELDS[0]!;
      return show(
        c,
        posted,
        problemErrors(error, fieldOfPointer, { field: first.name, href: `#${first.name}` }),
        400,
      );
    }
    c.get('accessed').push({ action: 'WRITE', resourceType: 'order', resourceId: orderId, orderId });
    return c.redirect(`/cases/${orderId}/pathway?done=openCase`, 303);
  });
  return app;
}
