import type { Context } from 'hono';

/** The pages only a signed-in person sees (`/cases/*` matches `/cases` too). */
export const SIGNED_IN_PAGES = ['/', '/cases/*', '/requirements/*', '/hearings', '/kpis', '/sign-out'];
/** Every page: the signed-in ones and signing in. */
export const PAGES = [...SIGNED_IN_PAGES, '/sign-in/*'];

/**
 * Whether a request is for a page. The pages count such requests against their own rate limits (per
 * signed-in person, else per address) and answer a page when one is spent; the API's per-address budget
 * leaves them alone, so that people behind one proxy do not share one budget.
 */
export const isPage = (c: Context): boolean =>
  PAGES.some((p) =>
    p.endsWith('/*')
      ? c.req.path === p.slice(0, -2) || c.req.path.startsWith(p.slice(0, -1))
      : c.req.path === p,
  );
