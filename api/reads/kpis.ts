import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { accepts } from 'hono/accepts';
import { z } from 'zod';
import type { ApiDeps } from '../env';
import { kpiCsv } from '../kpis/csv';
import { DEFAULT_SUPPRESSION_THRESHOLD, kpiReport } from '../kpis/report';
import { type AuthorizedEnv, authorize } from '../middleware/authorize';
import { refuse } from '../middleware/security-log';
import { readErrorResponses, validationHook } from '../openapi-shared';
import { ProblemError } from '../problem';
import { KpiQuery, KpiReport } from '../schemas/kpi';
import { logged } from './queries/read';

export const listKpis = createRoute({
  method: 'get',
  path: '/v1/kpis',
  operationId: 'listKpis',
  summary:
    'Is treatment working? The programme’s KPIs over a month or quarter, with small numbers suppressed',
  description:
    'Commissioners only: aggregates, never a person or a case; a regional commissioner sees its region’s figures, a NATIONAL one those of England and Wales. `Accept: text/csv` answers the same figures as CSV.',
  tags: ['kpis'],
  security: [{ bearerAuth: [] }],
  request: { query: KpiQuery },
  responses: {
    200: {
      description: 'The figures, each KPI’s definition, and the suppression threshold.',
      content: {
        'application/json': { schema: KpiReport },
        'text/csv': {
          schema: z
            .string()
            .describe(
              'period,area,kpi,title,unit,category,by,group,numerator,denominator,value,suppressed: one row per figure; empty where suppressed.',
            ),
        },
      },
    },
    ...readErrorResponses,
  },
});

/** CSV when the client prefers it to JSON by its Accept header's quality values (`text/csv;q=0` refuses it). */
const wantsCsv = (c: Context) =>
  accepts(c, {
    header: 'Accept',
    supports: ['application/json', 'text/csv'],
    default: 'application/json',
  }) === 'text/csv';

export function kpiReads(deps: ApiDeps) {
  const app = new OpenAPIHono<AuthorizedEnv>({ defaultHook: validationHook as never });
  const settings = {
    config: deps.config,
    threshold: deps.kpiSuppressionThreshold ?? DEFAULT_SUPPRESSION_THRESHOLD,
  };
  app.openapi(
    { ...listKpis, middleware: [authorize(deps.db, { roles: ['commissioner'], action: 'READ' })] },
    async (c) => {
      const read = await kpiReport(deps.reportsDb, c.get('principal'), c.req.valid('query'), settings).catch(
        (error: unknown) => {
          // Another region's figures: refused, and recorded as refused.
          throw error instanceof ProblemError && error.status === 403
            ? refuse(c, { reason: 'out-of-scope' }, error)
            : error;
        },
      );
      const report = logged(c, read);
      if (wantsCsv(c))
        return c.body(kpiCsv(report), 200, {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="cstr-kpis-${report.period.label}.csv"`,
        });
      return c.json(report, 200);
    },
  );
  return app;
}
