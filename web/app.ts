import { type Context, Hono, type Next } from 'hono';
import { assetRoutes } from './assets';
import type { WebDeps, WebEnv } from './env';
import { formPages } from './forms/routes';
import { casePages } from './pages/case';
import { casesPage } from './pages/cases';
import { pageError } from './pages/errors';
import { kpisPage } from './pages/kpis';
import { notFoundPage } from './pages/not-found';
import { PAGES, SIGNED_IN_PAGES } from './page-paths';
import { worklistPage } from './pages/worklist';
import { limitAnonymousPages, pageRateLimits } from './rate-limit';
import { pageHeaders } from './security';
import { pageSecurityLog, refusePage } from './security-log';
import { clearHostCookie, readHostCookie } from './session/cookie';
import { SESSION_COOKIE, signedIn } from './session/middleware';
import { endSession } from './session/store';
import { localSignIn } from './sign-in/local';
import { oidcSignIn } from './sign-in/oidc';

/**
 * The pages people use, mounted on the API's app beside `/v1`. Middleware is bound to the pages' own paths
 * (a sub-app's `*` would reach the API's routes too): every page gets a CSP nonce and `no-store`; those past
 * sign-in need a live session, check the CSRF token of a form and write the access log.
 */
export function createWeb(deps: WebDeps) {
  const web = new Hono<WebEnv>();
  web.onError(pageError(deps));
  // `/cases/*` matches `/cases` too: each path once, or its middleware would run twice.
  const casePaths = ['/', '/cases/*', '/requirements/*'];
  const limits = pageRateLimits(deps);
  for (const path of PAGES) web.use(path, pageSecurityLog(deps));
  for (const path of PAGES) web.use(path, pageHeaders);
  web.use('/sign-in/*', limitAnonymousPages(limits));
  for (const path of SIGNED_IN_PAGES) web.use(path, signedIn(deps, limits));
  for (const path of casePaths) web.use(path, aggregatesOnly);

  web.route('/', assetRoutes());
  web.route('/', deps.signIn.kind === 'oidc' ? oidcSignIn(deps, deps.signIn) : localSignIn(deps));
  web.post('/sign-out', async (c) => {
    const sessionId = readHostCookie(c, SESSION_COOKIE);
    if (sessionId) await endSession(deps.db, sessionId);
    clearHostCookie(c, SESSION_COOKIE);
    return c.redirect('/sign-in', 303);
  });
  web.route('/', kpisPage(deps));
  web.route('/', worklistPage(deps));
  web.route('/', casesPage(deps));
  web.route('/', casePages(deps));
  web.route('/', formPages(deps));
  web.get('/cases/*', notFoundPage);
  web.get('/requirements/*', notFoundPage);
  return web;
}

/**
 * A commissioner sees aggregates only: its home page is the KPIs, and every caseload, case and requirement
 * page is "Page not found" to it, as a case outside one's scope is.
 */
async function aggregatesOnly(c: Context<WebEnv>, next: Next) {
  if (c.get('principal').role !== 'commissioner') return next();
  if (c.req.path === '/') return c.redirect('/kpis', 303);
  refusePage(c, { reason: 'role-not-allowed' });
  return notFoundPage(c);
}
