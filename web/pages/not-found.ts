import type { Context } from 'hono';
import type { WebEnv } from '../env';
import { render } from '../render';

/** The GOV.UK "Page not found": for a path that is nothing, and alike for a case that is another party's. */
export const notFoundPage = (c: Context<WebEnv>) => render(c, 'not-found.njk', {}, 404);
