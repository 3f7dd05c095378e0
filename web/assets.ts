import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { GOVUK_DIR, MOJ_DIR } from './render';

const YEAR = 'public, max-age=31536000, immutable';

/**
 * The GOV.UK and MoJ Frontend's compiled CSS, JavaScript, fonts and images, straight from node_modules under
 * /assets (their stylesheets refer to /assets/fonts and /assets/images). Asset URLs carry the package version,
 * so they are cached for a year.
 */
export function assetRoutes() {
  const app = new Hono();
  const cached = {
    onFound: (_path: string, c: { header(name: string, value: string): void }) =>
      c.header('Cache-Control', YEAR),
  };
  const under = (prefix: string) => (p: string) => p.slice(prefix.length);
  app.use(
    '/assets/govuk/*',
    serveStatic({
      root: path.join(GOVUK_DIR, 'govuk'),
      rewriteRequestPath: under('/assets/govuk'),
      ...cached,
    }),
  );
  app.use(
    '/assets/moj/*',
    serveStatic({ root: path.join(MOJ_DIR, 'moj'), rewriteRequestPath: under('/assets/moj'), ...cached }),
  );
  app.use(
    '/assets/*',
    serveStatic({
      root: path.join(GOVUK_DIR, 'govuk', 'assets'),
      rewriteRequestPath: under('/assets'),
      ...cached,
    }),
  );
  app.use(
    '/assets/images/*',
    serveStatic({
      root: path.join(MOJ_DIR, 'moj', 'assets'),
      rewriteRequestPath: under('/assets'),
      ...cached,
    }),
  );
  // The pages' own stylesheets (the review report's print styles), not versioned: not cached long.
  app.use(
    '/assets/app/*',
    serveStatic({ root: path.join(__dirname, 'styles'), rewriteRequestPath: under('/assets/app') }),
  );
  app.get('/assets/*', (c) => c.text('Not found', 404));
  return app;
}
