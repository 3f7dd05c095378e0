import { randomUUID } from 'node:crypto';
import { type Context, Hono } from 'hono';
import type { z } from 'zod';
import { workflowCommands } from '../../api/commands/catalogue';
import type { OrderRead } from '../../api/schemas/order-read';
import { londonDate } from '../../domain/calendar';
import type { WebDeps, WebEnv } from '../env';
import { REQUIREMENT_NAMES } from '../forms/definitions';
import type { Field, FieldError } from '../forms/fields';
import { defaults, fieldView } from '../forms/routes';
import {
  MAX_OTHER_REQUIREMENTS,
  ORDER_FIELDS,
  choicesSchema,
  otherFields,
  requirementFields,
  rowsOf,
  sentenceFieldOf,
  sentenceFromForm,
  withoutRow,
} from '../forms/sentence';
import { formTokenOf, problemErrors, sendFromPage } from '../forms/send';
import { render, words } from '../render';
import { readCase } from './case-read';
import { notFoundPage } from './not-found';

type Order = z.output<typeof OrderRead>;
type Posted = Record<string, unknown>;

const recordSentence = workflowCommands.find((d) => d.operationId === 'recordSentence')!;

/** The requirements the proposal put to the court, each as the court names it in the form. */
function proposedOf(order: Order) {
  const ids = order.case?.proposal?.requirementIds ?? [];
  return (order.proposedRequirements ?? [])
    .filter((r) => r.requirementId && ids.includes(r.requirementId))
    .map((r) => ({
      id: r.requirementId!,
      name: REQUIREMENT_NAMES[r.type ?? ''] ?? r.type ?? '',
      assessed: r.assessment
        ? [
            r.assessment.proposedMode && `${words(r.assessment.proposedMode)}`,
            r.assessment.proposedPeriodMonths && `${r.assessment.proposedPeriodMonths} months`,
            r.assessment.treatmentDirector && `directed by ${r.assessment.treatmentDirector}`,
            r.assessment.place && `at ${r.assessment.place}`,
          ]
            .filter(Boolean)
            .join(', ')
        : '',
      provider: r.providerOrgId,
    }));
}

/**
 * `/cases/{orderId}/sentence`: the court imposes a CSTR on the proposal, with each of its requirements (a DRR
 * and an MHTR together, added one fieldset at a time) and the order's other requirements, sent as
 * `POST /v1/orders/{orderId}/sentence` is. A refusal is an error summary linked to the field it is about.
 */
export function sentencePage(deps: WebDeps) {
  const app = new Hono<WebEnv>();

  const show = (
    c: Context<WebEnv>,
    orderId: string,
    order: Order,
    posted: Posted,
    errors: FieldError[],
    status = 200,
  ) => {
    const proposed = proposedOf(order);
    const rows = rowsOf(posted);
    const schema = choicesSchema(
      rows,
      proposed.map((p) => p.id),
    );
    const view = (f: Field) => fieldView(f, schema, posted, errors);
    const names = Object.fromEntries(proposed.map((p) => [p.id, p.name]));
    const requirementRows = Array.from({ length: rows.requirements }, (_, i) => {
      const f = requirementFields(i);
      const asked: Record<string, Field> = { ...f, requirementId: { ...f.requirementId, choiceText: names } };
      const fields = Object.fromEntries(Object.entries(asked).map(([k, field]) => [k, view(field)]));
      return { index: i, number: i + 1, fields };
    });
    const otherRows = Array.from({ length: rows.others }, (_, j) => {
      const f = otherFields(j);
      return {
        index: j,
        number: j + 1,
        fields: Object.fromEntries(Object.entries(f).map(([k, field]) => [k, view(field)])),
      };
    });
    return render(
      c,
      'sentence.njk',
      {
        orderId,
        person: order.case?.person
          ? `${order.case.person.givenName} ${order.case.person.familyName}`
          : 'Case',
        proposed,
        formToken: typeof posted.formToken === 'string' ? posted.formToken : randomUUID(),
        errors,
        rows,
        canAddRequirement: rows.requirements < proposed.length,
        canAddOther: rows.others < MAX_OTHER_REQUIREMENTS,
        order: Object.fromEntries(Object.entries(ORDER_FIELDS).map(([k, field]) => [k, view(field)])),
        requirementRows,
        otherRows,
      },
      status,
    );
  };

  /** The order the path names, if the court may see it and sentence it; else "Page not found". */
  const orderOf = async (c: Context<WebEnv>) =>
    c.get('principal').role === 'court' ? readCase(deps, c) : null;

  app.get('/cases/:orderId/sentence', async (c) => {
    const target = await orderOf(c);
    if (!target) return notFoundPage(c);
    const today = londonDate(deps.clock().toISOString());
    return show(c, target.found.orderId, target.order, defaults([ORDER_FIELDS.sentenceDate], today), []);
  });

  app.post('/cases/:orderId/sentence', async (c) => {
    const target = await orderOf(c);
    if (!target) return notFoundPage(c);
    const { found, order } = target;
    let posted: Posted = await c.req.parseBody();
    const formToken = formTokenOf(posted);
    if (!formToken) return show(c, found.orderId, order, {}, [], 400);
    const rows = rowsOf(posted);
    const action = typeof posted.action === 'string' ? posted.action : 'save';
    // Adding or removing a fieldset sends nothing: the form comes back with what was typed.
    if (action === 'add-requirement')
      return show(c, found.orderId, order, { ...posted, requirementRows: rows.requirements + 1 }, []);
    if (action === 'add-other')
      return show(c, found.orderId, order, { ...posted, otherRows: rows.others + 1 }, []);
    const removed = /^remove-(r|o)(\d+)$/.exec(action);
    if (removed) {
      const [prefix, index] = [removed[1] as 'r' | 'o', Number(removed[2])];
      posted = withoutRow(posted, prefix, index);
      const counts =
        prefix === 'r' ? { requirementRows: rows.requirements - 1 } : { otherRows: rows.others - 1 };
      return show(c, found.orderId, order, { ...posted, ...counts }, []);
    }
    const proposedIds = proposedOf(order).map((p) => p.id);
    const { body, errors } = sentenceFromForm(posted, proposedIds);
    if (errors.length > 0) return show(c, found.orderId, order, posted, errors, 400);
    const refusal = await sendFromPage(c, deps, recordSentence, found, formToken, body);
    if (refusal) {
      const first = { field: 'orderType', href: '#orderType' };
      return show(
        c,
        found.orderId,
        order,
        posted,
        problemErrors(refusal, (ptr) => sentenceFieldOf(ptr, rows), first),
        400,
      );
    }
    return c.redirect(`/cases/${found.orderId}?done=recordSentence`, 303);
  });
  return app;
}
