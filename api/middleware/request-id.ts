import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';

/** What a client's own request id may look like to be echoed back. */
const CLIENT_REQUEST_ID = /^[\w\-=.:]{1,128}$/;

/**
 * Every request gets an id made here (`X-Request-Id`): the one in the access log, the request log and problem
 * bodies. A client's own `X-Request-Id` is echoed as `X-Client-Request-Id` for its correlation, never used as ours.
 */
export function assignRequestId(c: Context): void {
  const id = randomUUID();
  c.set('requestId', id);
  c.header('X-Request-Id', id);
  const theirs = c.req.header('X-Request-Id');
  if (theirs !== undefined && CLIENT_REQUEST_ID.test(theirs)) c.header('X-Client-Request-Id', theirs);
}

declare module 'hono' {
  interface ContextVariableMap {
    requestId: string;
  }
}
