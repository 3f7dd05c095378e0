import { randomUUID } from 'node:crypto';
import { type Context, Hono } from 'hono';
import type { z } from 'zod';
import { commandInputOf } from '../../api/commands/command-input';
import { runCommand } from '../../api/commands/run';
import { findTarget } from '../../api/middleware/authorize';
import { commandSeed, requestFingerprint } from '../../api/middleware/idempotency';
import { ProblemError } from '../../api/problem';
import type { WebDeps, WebEnv } from '../env';
import { notFoundPage } from '../pages/not-found';
import { render, words } from '../render';
import { type FormDefinition, commandOf, forms, pagePathOf } from './definitions';
import { type Field, type FieldError, anchorOf, bodyFromForm, choicesOf } from './fields';

const TOKEN = /^[A-Za-z0-9-]{8,200}$/;

/** The GOV.UK macro and its arguments for one field, with what was typed and its error. */
function fieldView(field: Field, schema: z.ZodObject, form: Record<string, unknown>, errors: FieldError[]) {
  const value = (name: string) => (typeof form[name] === 'string' ? form[name] : '');
  const error = errors.find((e) => e.field === field.name);
  const common = {
    id: field.name,
    name: field.name,
    hint: field.hint ? { text: field.hint } : undefined,
    errorMessage: error ? { text: error.text } : undefined,
  };
  const legend = { text: field.label, classes: 'govuk-fieldset__legend--s' };
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
          items: choicesOf(schema, field.name).map((v) => ({
            value: v,
            text: words(v),
            checked: value(field.name) === v,
          })),
        },
      };
    case 'date-time':
      return {
        macro: 'date-time',
        params: {
          ...common,
          namePrefix: field.name,
          fieldset: { legend },
          items: ['day', 'month', 'year'].map((part) => ({
            name: part,
            value: value(`${field.name}-${part}`),
            classes: `govuk-input--width-${part === 'year' ? 4 : 2}${error ? ' govuk-input--error' : ''}`,
          })),
        },
        time: {
          id: `${field.name}-time`,
          name: `${field.name}-time`,
          label: { text: 'Time (24-hour clock)' },
          classes: `govuk-input--width-5${error ? ' govuk-input--error' : ''}`,
          value: value(`${field.name}-time`),
        },
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

/**
 * Each declared form as a page: GET shows it with a fresh one-time token, POST turns it into the command's
 * body, sends it as the API would (same scope, command id, disclosure and access log) and goes back to the
 * requirement; a refusal is an error summary linked to the field. The token is the idempotency key: a double
 * click posts the same token and body, so the same command id, which the workflow applies once.
 */
export function formPages(deps: WebDeps) {
  const app = new Hono<WebEnv>();
  for (const form of forms) {
    const def = commandOf(form);
    const schema = def.body as unknown as z.ZodObject;
    const show = (
      c: Context<WebEnv>,
      posted: Record<string, unknown>,
      errors: FieldError[],
      status = 200,
    ) => {
      const formToken = typeof posted.formToken === 'string' ? posted.formToken : randomUUID();
      return render(
        c,
        'form.njk',
        {
          title: form.title,
          formToken,
          errors,
          backHref: `/requirements/${c.req.param('requirementId')}`,
          fields: form.fields.map((f) => fieldView(f, schema, posted, errors)),
        },
        status,
      );
    };
    /** The requirement the path names, if the caller may see it; and whether its role may send this command. */
    const targetOf = async (c: Context<WebEnv>) => {
      const p = c.get('principal');
      const found = await findTarget(deps.db, p, 'requirement', c.req.param('requirementId') ?? '');
      return found?.visible ? { found, allowed: def.roles.includes(p.role) } : null;
    };

    app.get(pagePathOf(form), async (c) => {
      const target = await targetOf(c);
      if (!target?.allowed) return notFoundPage(c);
      return show(c, {}, []);
    });

    app.post(pagePathOf(form), async (c) => {
      const target = await targetOf(c);
      if (!target?.allowed) return notFoundPage(c);
      const posted = await c.req.parseBody();
      if (typeof posted.formToken !== 'string' || !TOKEN.test(posted.formToken)) return show(c, {}, [], 400);
      const { body, errors } = bodyFromForm(form.fields, schema, posted);
      if (errors.length > 0) return show(c, posted, errors, 400);
      const p = c.get('principal');
      const apiPath = `/v1${c.req.path}`;
      const seed = commandSeed(
        p.clientId,
        posted.formToken,
        requestFingerprint('POST', apiPath, JSON.stringify(body)),
      );
      const { found } = target;
      const resolved = { orderId: found.orderId, requirementId: found.id, stage: found.stage };
      // As in the API, the attempt is logged once sent, whether the domain takes it or refuses it.
      c.get('accessed').push({
        action: 'WRITE',
        resourceType: 'requirement',
        resourceId: found.id,
        orderId: found.orderId,
      });
      try {
        const input = commandInputOf(p, seed, def, c.req.param(), body);
        await runCommand(deps, p, def, resolved, input);
      } catch (error) {
        if (!(error instanceof ProblemError) || error.status >= 500) throw error;
        return show(c, posted, refusalErrors(form, error), 400);
      }
      return c.redirect(`/requirements/${found.id}?done=${form.operationId}`, 303);
    });
  }
  return app;
}

/** A refusal as errors: on the field its pointer names, else on the form's first field. */
function refusalErrors(form: FormDefinition, problem: ProblemError): FieldError[] {
  const pointed = problem.errors.flatMap((e) => {
    const field = form.fields.find((f) => e.pointer === `/body/${f.name}`);
    return field ? [{ field: field.name, text: e.detail, href: anchorOf(field) }] : [];
  });
  if (pointed.length > 0) return pointed;
  const first = form.fields[0]!;
  return [{ field: '', text: problem.detail ?? problem.title, href: anchorOf(first) }];
}

/** The notification a requirement page shows after a form's command was sent (`?done=`). */
export const doneMessage = (operationId: string | undefined) =>
  forms.find((f) => f.operationId === operationId)?.done ?? null;
