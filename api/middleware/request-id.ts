import { randomUUID } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import type { ApiEnv } from '../env';

/** What a client's own request id may look like to be echoed back. */
const CLIENT_REQUEST_ID = /^[\w\-=.:]{1,128}$/;

/**
 * Every request gets an id made here (`X-Request-Id`): the one in the access log, the request log and problem
 * bodies. A client's own `X-Request-Id` is echoed as `X-Client-Request-Id` for its correlation, never used as ours.
 */
export const requestIds = createMiddleware<ApiEnv>(async function requestIds(c, next) {
  const id = randomUUID();
  c.set('requestId', id);
  c.header('X-Request-Id', id);
  const theirs = c.req.header('X-Request-Id');
  if (theirs !== undefined && CLIENT_REQUEST_ID.test(theirs)) c.header('X-Client-Request-Id', theirs);
  await next();
});

declare module 'hono' {
  interface ContextVariableMap {
    requestId: string;
  }
}
