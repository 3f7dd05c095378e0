import { Hono } from 'hono';
import { DEFAULT_SUPPRESSION_THRESHOLD, kpiReport } from '../../api/kpis/report';
import { logged } from '../../api/reads/queries/read';
import { PeriodParam } from '../../api/schemas/kpi';
import type { WebDeps, WebEnv } from '../env';
import { kpisPresenter } from '../presenters/kpis';
import { render } from '../render';
import { notFoundPage } from './not-found';

/**
 * `/kpis`: the commissioner's figures for a chosen month or quarter, from the same report as `GET /v1/kpis`
 * (scoped to the commissioner's region, suppressed, access-logged). Anyone else: "Page not found".
 */
export function kpisPage(deps: WebDeps) {
  const app = new Hono<WebEnv>();
  const settings = {
    config: deps.config,
    threshold: deps.kpiSuppressionThreshold ?? DEFAULT_SUPPRESSION_THRESHOLD,
  };
  app.get('/kpis', async (c) => {
    const p = c.get('principal');
    if (p.role !== 'commissioner') return notFoundPage(c);
    const period = (c.req.query('period') ?? '').trim();
    if (period === '') return render(c, 'kpis.njk', { period, errors: [], view: null });
    if (!PeriodParam.safeParse(period).success) {
      const errors = [
        { field: 'period', text: 'Enter a month as YYYY-MM or a quarter as YYYY-Q1 to YYYY-Q4' },
      ];
      return render(c, 'kpis.njk', { period, errors, view: null }, 400);
    }
    const read = await kpiReport(deps.db, p, { period }, settings);
    return render(c, 'kpis.njk', { period, errors: [], view: kpisPresenter(logged(c, read)) });
  });
  return app;
}
