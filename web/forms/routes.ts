import { randomUUID } from 'node:crypto';
import { type Context, Hono } from 'hono';
import type { z } from 'zod';
import { findTarget } from '../../api/middleware/authorize';
import type { ProblemError } from '../../api/problem';
import { londonDate } from '../../domain/calendar';
import { Substance, SubstanceResult } from '../../domain/enums';
import type { Role } from '../../domain/primitives';
import type { WebDeps, WebEnv } from '../env';
import { notFoundPage } from '../pages/not-found';
import { render, words } from '../render';
import { refusePage } from '../security-log';
import { type FormDefinition, PAGE_DONE, commandOf, forms, pagePathOf } from './definitions';
import { sendFromPage } from './send';
import {
  type Field,
  type FieldError,
  NOT_TESTED,
  anchorOf,
  bodyFromForm,
  choicesOf,
  fieldAt,
} from './fields';

const TOKEN = /^[A-Za-z0-9-]{8,200}$/;

/** The GOV.UK macro and its arguments for one field, with what was typed and its error. */
export function fieldView(
  field: Field,
  schema: z.ZodObject,
  form: Record<string, unknown>,
  errors: FieldError[],
) {
  const value = (name: string) => (typeof form[name] === 'string' ? form[name] : '');
  const error = errors.find((e) => e.field === field.name);
  const common = {
    id: field.name,
    name: field.name,
    hint: field.hint ? { text: field.hint } : undefined,
    errorMessage: error ? { text: error.text } : undefined,
  };
  const legend = { text: field.label, classes: 'govuk-fieldset__legend--s' };
  const dateParams = () => ({
    ...common,
    namePrefix: field.name,
    fieldset: { legend },
    items: ['day', 'month', 'year'].map((part) => ({
      name: part,
      value: value(`${field.name}-${part}`),
      classes: `govuk-input--width-${part === 'year' ? 4 : 2}${error ? ' govuk-input--error' : ''}`,
    })),
  });
  switch (field.kind) {
    case 'yes-no':
      return {
        macro: 'radios',
        params: {
          ...common,
          classes: 'govuk-radios--inline',
          fieldset: { legend },
          items: ['yes', 'no'].map((v) => ({ value: v, text: words(v), checked: value(field.name) === v })),
        },
      };
    case 'choice':
      return {
        macro: 'radios',
        params: {
          ...common,
          fieldset: { legend },
          items: (field.choices ?? choicesOf(schema, field.name)).map((v) => ({
            value: v,
            text: field.choiceText?.[v] ?? words(v),
            checked: value(field.name) === v,
          })),
        },
      };
    case 'hidden':
      return { macro: 'hidden', params: { name: field.name, value: value(field.name) } };
    case 'date':
      return {
        macro: 'date',
        params: dateParams(),
      };
    case 'date-time':
      return {
        macro: 'date-time',
        params: dateParams(),
        time: {
          id: `${field.name}-time`,
          name: `${field.name}-time`,
          label: { text: 'Time (24-hour clock)' },
          classes: `govuk-input--width-5${error ? ' govuk-input--error' : ''}`,
          value: value(`${field.name}-time`),
        },
      };
    case 'substance-results':
      // One row of inline radios per substance, in a fieldset that asks the question and carries its error.
      return {
        macro: 'substance-results',
        params: { ...common, legend },
        rows: Substance.options.map((substance) => {
          const name = `${field.name}-${substance}`;
          const chosen = value(name) || NOT_TESTED;
          return {
            idPrefix: name,
            name,
            classes: 'govuk-radios--inline govuk-radios--small',
            fieldset: { legend: { text: words(substance), classes: 'govuk-fieldset__legend--s' } },
            items: [NOT_TESTED, ...SubstanceResult.options].map((v) => ({
              value: v,
              text: words(v),
              checked: chosen === v,
            })),
          };
        }),
      };
    case 'textarea':
      return {
        macro: 'textarea',
        params: { ...common, label: { text: field.label }, value: value(field.name) },
      };
    default:
      return {
        macro: 'input',
        params: {
          ...common,
          label: { text: field.label },
          value: value(field.name),
          classes: field.kind === 'number' ? 'govuk-input--width-4' : undefined,
          inputmode: field.kind === 'number' ? 'numeric' : undefined,
        },
      };
  }
}

/** What a date field that must be answered holds before anything is typed: today, in its three inputs. */
export function defaults(fields: readonly Field[], today: string): Record<string, string> {
  const [year, month, day] = today.split('-').map((n) => String(Number(n)));
  return Object.fromEntries(
    fields
      .filter((f) => f.kind === 'date' && !f.optional)
      .flatMap((f) => [
        [`${f.name}-day`, day!],
        [`${f.name}-month`, month!],
        [`${f.name}-year`, year!],
      ]),
  );
}

/**
 * Each declared form as a page: GET shows it with a fresh one-time token, POST turns it into the command's
 * body, sends it as the API would (same scope, command id, disclosure and access log) and goes back to the
 * case or requirement it acts on; a refusal is an error summary linked to the field. The token is the
 * idempotency key: a double click posts the same token and body, so the same command id, which the workflow
 * applies once. A hidden field takes its id from the link that opened the form (`?incidentId=`).
 */
export function formPages(deps: WebDeps) {
  const app = new Hono<WebEnv>();
  for (const form of forms) {
    const def = commandOf(form);
    const schema = def.body as unknown as z.ZodObject;
    const resource = def.path.includes('{orderId}') ? 'order' : 'requirement';
    const pageOf = (found: { id: string; orderId: string }, role: Role) =>
      form.after === 'pathway' && role === 'court-assessor'
        ? `/cases/${found.orderId}/pathway`
        : resource === 'order'
          ? `/cases/${found.id}`
          : `/requirements/${found.id}`;
    const show = async (
      c: Context<WebEnv>,
      target: { id: string; orderId: string },
      posted: Record<string, unknown>,
      errors: FieldError[],
      status = 200,
    ) => {
      const formToken = typeof posted.formToken === 'string' ? posted.formToken : randomUUID();
      const today = londonDate(deps.clock().toISOString());
      const backHref = pageOf(target, c.get('principal').role);
      const aside = form.aside ? await form.aside.load(deps, c, target) : {};
      return render(
        c,
        form.aside?.view ?? 'form.njk',
        {
          ...aside,
          title: form.title,
          lead: form.lead,
          formToken,
          errors,
          backHref,
          preview: form.preview?.(bodyFromForm(form.fields, schema, posted).body, today),
          fields: form.fields.map((f) => fieldView(f, schema, posted, errors)),
        },
        status,
      );
    };
    /** The case or requirement the path names, if the caller may see it; and whether its role may send this. */
    const targetOf = async (c: Context<WebEnv>) => {
      const p = c.get('principal');
      const id = c.req.param(resource === 'order' ? 'orderId' : 'requirementId') ?? '';
      const found = await findTarget(deps.db, p, resource, id);
      if (!found?.visible) return null;
      const allowed = def.roles.includes(p.role);
      if (!allowed)
        refusePage(c, {
          reason: 'role-not-allowed',
          resourceType: resource,
          resourceId: found.id,
          orderId: found.orderId,
        });
      return { found, allowed };
    };

    app.get(pagePathOf(form), async (c) => {
      const target = await targetOf(c);
      if (!target?.allowed) return notFoundPage(c);
      const today = londonDate(deps.clock().toISOString());
      const linked = Object.fromEntries(
        form.fields.filter((f) => f.kind === 'hidden').map((f) => [f.name, c.req.query(f.name) ?? '']),
      );
      return show(c, target.found, { ...defaults(form.fields, today), ...linked }, []);
    });

    app.post(pagePathOf(form), async (c) => {
      const target = await targetOf(c);
      if (!target?.allowed) return notFoundPage(c);
      const { found } = target;
      const back = pageOf(found, c.get('principal').role);
      const posted = await c.req.parseBody();
      if (typeof posted.formToken !== 'string' || !TOKEN.test(posted.formToken))
        return show(c, found, {}, [], 400);
      const { body, errors } = bodyFromForm(form.fields, schema, posted);
      if (errors.length > 0) return show(c, found, posted, errors, 400);
      const refused = await sendFromPage(c, deps, def, found, posted.formToken, body);
      if (refused) return show(c, found, posted, refusalErrors(form, refused), 400);
      return c.redirect(`${back}?done=${form.operationId}`, 303);
    });
  }
  return app;
}

/**
 * A refusal as errors: on the field its pointer names (a hidden id's on the form's first question), else on
 * the form's first question.
 */
function refusalErrors(form: FormDefinition, problem: ProblemError): FieldError[] {
  const first = form.fields.find((f) => f.kind !== 'hidden');
  const pointed = problem.errors.flatMap((e) => {
    const path = e.pointer.split('/').slice(1);
    const field = path[0] === 'body' ? fieldAt(form.fields, path.slice(1)) : undefined;
    if (!field) return [];
    const shown = field.kind === 'hidden' ? first : field;
    return [{ field: shown?.name ?? '', text: e.detail, href: anchorOf(field, form.fields) }];
  });
  if (pointed.length > 0) return pointed;
  return [
    {
      field: '',
      text: problem.detail ?? problem.title,
      href: first ? anchorOf(first, form.fields) : '#main-content',
    },
  ];
}

/** The notification a requirement page shows after a form's command was sent (`?done=`). */
export const doneMessage = (operationId: string | undefined) =>
  forms.find((f) => f.operationId === operationId)?.done ?? PAGE_DONE[operationId ?? ''] ?? null;
