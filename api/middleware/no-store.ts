import type { Context } from 'hono';

/**
 * /v1 answers carry health and offence data: no cache, shared or private, may keep one (errors included).
 * Set before the answer is made, so that every answer made from the context carries it: set on a finished
 * answer, Hono would copy it into a new Response whose body @hono/node-server then has to stream.
 */
export function forbidStoring(c: Context): void {
  c.header('Cache-Control', 'no-store');
}
