import type { Context } from 'hono';
import type { WebEnv } from '../env';
import { render } from '../render';

/**
 * 403 "You cannot see cases": a role that sees aggregates only (commissioner, data protection) on any
 * caseload, case or requirement page, as the API refuses it every case route; a commissioner is pointed to
 * its figures.
 */
export const casesForbiddenPage = (c: Context<WebEnv>) =>
  render(
    c,
    'forbidden.njk',
    { title: 'You cannot see cases', commissioner: c.get('principal').role === 'commissioner' },
    403,
  );

/** 403 on `/kpis` for anyone but a commissioner, as `GET /v1/kpis` refuses them. */
export const figuresForbiddenPage = (c: Context<WebEnv>) =>
  render(c, 'forbidden.njk', { title: 'You cannot see these figures', commissioner: false }, 403);
