import { createMiddleware } from 'hono/factory';

/** /v1 answers carry health and offence data: no cache, shared or private, may keep one (errors included). */
export const noStore = createMiddleware(async function noStore(c, next) {
  await next();
  c.header('Cache-Control', 'no-store');
});
