import { Hono } from 'hono';
import { DEFAULT_SUPPRESSION_THRESHOLD, kpiReport } from '../../api/kpis/report';
import { ProblemError } from '../../api/problem';
import { logged } from '../../api/reads/queries/read';
import { KpiQuery } from '../../api/schemas/kpi';
import { kpiRegionOf } from '../../api/scope';
import type { WebDeps, WebEnv } from '../env';
import { KPI_FORM_FIELDS, kpisForm, kpisPresenter } from '../presenters/kpis';
import { render } from '../render';
import { refusePage } from '../security-log';
import { figuresForbiddenPage } from './forbidden';

/** What each field of the form says when its answer cannot be used. */
const FIELD_ERRORS: Record<(typeof KPI_FORM_FIELDS)[number], string> = {
  period: 'Enter a month as YYYY-MM or a quarter as YYYY-Q1 to YYYY-Q4',
  by: 'Select how to break the figures down',
  type: 'Select a requirement type or combination',
  provider: 'Enter a provider code of 100 characters or fewer',
  court: 'Enter a court code of 100 characters or fewer',
  pdu: 'Enter a probation delivery unit code of 100 characters or fewer',
  region: 'Enter a region code of 100 characters or fewer',
};

/**
 * `/kpis`: the commissioner's figures for a chosen month or quarter, filtered and broken down as `GET /v1/kpis`
 * is, from the same report (scoped to the commissioner's region, suppressed, access-logged). A GET form: it
 * works without JavaScript, and a result's address can be shared. Anyone else: 403, as the API answers.
 */
export function kpisPage(deps: WebDeps) {
  const app = new Hono<WebEnv>();
  const settings = {
    config: deps.config,
    threshold: deps.kpiSuppressionThreshold ?? DEFAULT_SUPPRESSION_THRESHOLD,
  };
  app.get('/kpis', async (c) => {
    const p = c.get('principal');
    if (p.role !== 'commissioner') {
      refusePage(c, { reason: 'role-not-allowed' });
      return figuresForbiddenPage(c);
    }
    const values = Object.fromEntries(
      KPI_FORM_FIELDS.map((f) => [f, (c.req.query(f) ?? '').trim()]),
    ) as Record<(typeof KPI_FORM_FIELDS)[number], string>;
    const form = kpisForm(values, kpiRegionOf(p) ?? null);
    if (values.period === '') return render(c, 'kpis.njk', { form, errors: [], view: null });
    const asked = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));
    const parsed = KpiQuery.safeParse(asked);
    if (!parsed.success) {
      const fields = new Set(parsed.error.issues.map((i) => String(i.path[0] ?? 'period')));
      const errors = KPI_FORM_FIELDS.filter((f) => fields.has(f)).map((f) => ({
        field: f,
        text: FIELD_ERRORS[f],
      }));
      return render(c, 'kpis.njk', { form, errors, view: null }, 400);
    }
    try {
      const read = await kpiReport(deps.reportsDb, p, parsed.data, settings);
      return render(c, 'kpis.njk', { form, errors: [], view: kpisPresenter(logged(c, read)) });
    } catch (error) {
      if (!(error instanceof ProblemError && error.status === 403)) throw error;
      // Another region's figures: refused, and recorded as refused, as `GET /v1/kpis` records it.
      refusePage(c, { reason: 'out-of-scope' });
      const errors = [{ field: 'region', text: `You can see only the figures of ${p.org}` }];
      return render(c, 'kpis.njk', { form, errors, view: null }, 403);
    }
  });
  return app;
}
