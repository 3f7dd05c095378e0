import { Hono } from 'hono';
import { z } from 'zod';
import { listOrders } from '../../api/reads/queries/orders';
import { logged } from '../../api/reads/queries/read';
import { OrderType, RequirementType } from '../../domain/enums';
import { type OrderStatus, PRE_SENTENCE_STAGES } from '../../domain/order/state';
import type { WebDeps, WebEnv } from '../env';
import { caseloadPresenter } from '../presenters/caseload';
import { render, words } from '../render';

const STATUSES = [
  ...PRE_SENTENCE_STAGES,
  'ACTIVE',
  'SSO_OPERATIONAL_ONLY',
  'ENDED',
  'CLOSED_SCREENED_OUT',
  'CLOSED_DECLINED',
  'CLOSED_NOT_SENTENCED',
  'CLOSED_WITHDRAWN',
] as const satisfies readonly OrderStatus[];

const text = z.string().trim().max(100).optional().catch(undefined);
const Filters = z.object({
  search: text,
  status: text,
  type: z.union([RequirementType, OrderType]).optional().catch(undefined),
  court: text,
  pdu: text,
  provider: text,
  cursor: text,
});

const choices = (values: readonly string[], chosen: string | undefined, label: (v: string) => string) => [
  { value: '', text: 'Any' },
  ...values.map((value) => ({ value, text: label(value), selected: value === chosen })),
];

/** `/cases`: the caseload, filtered by status, type, court, PDU and provider, searched by name or CRN. */
export function casesPage(deps: WebDeps) {
  const app = new Hono<WebEnv>();
  app.get('/cases', async (c) => {
    const given = Filters.parse(c.req.query());
    const filters = Object.fromEntries(Object.entries(given).filter(([, v]) => v)) as typeof given;
    const page = logged(c, await listOrders(deps.db, c.get('principal'), { ...filters, limit: 50 }));
    const next = page.nextCursor && new URLSearchParams({ ...filters, cursor: page.nextCursor });
    return render(c, 'cases.njk', {
      filters,
      rows: caseloadPresenter(page.items),
      nextPage: next ? `/cases?${next.toString()}` : null,
      options: {
        status: choices(STATUSES, filters.status, words),
        type: choices([...RequirementType.options, ...OrderType.options], filters.type, (v) =>
          v.length <= 4 ? v : words(v),
        ),
      },
    });
  });
  return app;
}
