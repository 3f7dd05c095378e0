import { randomBytes } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import type { WebEnv } from './env';

/**
 * Every page: a fresh script nonce in a strict Content-Security-Policy (scripts only from here or with the
 * nonce, styles and fonts only from here, forms only to here, never framed), and never stored by a browser
 * or proxy (`no-store`): a case page left in a shared computer's cache would leak it.
 */
export const pageHeaders = createMiddleware<WebEnv>(async function pageHeaders(c, next) {
  const nonce = randomBytes(16).toString('base64');
  c.set('cspNonce', nonce);
  await next();
  c.header(
    'Content-Security-Policy',
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "object-src 'none'",
    ].join('; '),
  );
  c.header('Cache-Control', 'no-store');
});
