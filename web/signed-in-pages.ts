import type { Context } from 'hono';
import { SESSION_COOKIE, readHostCookie } from './session/cookie';

/** The pages only a signed-in person sees (`/cases/*` matches `/cases` too). */
export const SIGNED_IN_PAGES = ['/', '/cases/*', '/requirements/*', '/kpis', '/sign-out'];

const isSignedInPage = (path: string) =>
  SIGNED_IN_PAGES.some((p) =>
    p.endsWith('/*') ? path === p.slice(0, -2) || path.startsWith(p.slice(0, -1)) : path === p,
  );

/**
 * Whether the pages count this request against a rate limit themselves: a signed-in page carrying a session
 * cookie is charged to the person the session is, or (a session that is over, or never was) to the address.
 * The API's per-address budget leaves it alone, so that people behind one proxy do not share one budget.
 */
export const countedByThePages = (c: Context): boolean =>
  isSignedInPage(c.req.path) && readHostCookie(c, SESSION_COOKIE) !== undefined;
