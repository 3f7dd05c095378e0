import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { isDatabaseUnavailable } from '../db/pool';
import { commandRoutesApp } from './commands/routes';
import { DOCS_PAGE } from './docs-page';
import type { ApiDeps, ApiEnv } from './env';
import { accessLog } from './middleware/access-log';
import { authenticate } from './middleware/authenticate';
import { jsonOnly } from './middleware/json-only';
import { rateLimit } from './middleware/rate-limit';
import { securityLog } from './middleware/security-log';
import { storableQuery } from './middleware/storable-text';
import { ProblemError, problemResponse, problems } from './problem';
import { deadlineReads } from './reads/deadlines';
import { orderReads } from './reads/orders';
import { requirementReads } from './reads/requirements';

export const MAX_BODY_BYTES = 64 * 1024;

/** The HTTP API: one sub-app per resource, every error as problem+json, the OpenAPI document from the same schemas. */
export function createApi(deps: ApiDeps) {
  const app = new OpenAPIHono<ApiEnv>();
  app.use('*', requestId());
  app.use('*', secureHeaders());
  app.use('/v1/*', securityLog(deps.db));
  app.use('/v1/*', authenticate(deps.auth));
  app.use('/v1/*', rateLimit(deps.rateLimitPerMinute));
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw problems.tooLarge();
      },
    }),
  );
  app.use('/v1/*', jsonOnly);
  app.use('/v1/*', storableQuery);
  app.use('/v1/*', accessLog(deps.db));

  app.route('/', commandRoutesApp(deps));
  app.route('/', orderReads(deps));
  app.route('/', requirementReads(deps));
  app.route('/', deadlineReads(deps));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'RS256 token with `role` and `org` claims.',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'CSTR workflow engine',
      version: '1.0.0',
      description:
        'Community Sentence Treatment Requirements (MHTR, DRR, ATR) in England and Wales, from court assessment to the end of the order.',
    },
    servers: [{ url: '/' }],
  });
  app.get('/docs', (c) => c.html(DOCS_PAGE));

  app.notFound((c) => problemResponse(c, problems.notFound('route')));
  app.onError((error, c) => {
    const problem = toProblem(error);
    if (problem.status === 500) deps.onUnexpectedError?.(error, c.get('requestId'));
    return problemResponse(c, problem);
  });
  return app;
}

export type Api = ReturnType<typeof createApi>;

function toProblem(error: unknown): ProblemError {
  if (error instanceof ProblemError) return error;
  if (error instanceof HTTPException) {
    const status = error.status;
    if (status === 413) return problems.tooLarge();
    return new ProblemError(
      status,
      status === 400 ? 'malformed-request' : 'http-error',
      error.message || 'Error',
      error.message,
    );
  }
  if (isDatabaseUnavailable(error)) return problems.unavailable('The database');
  return new ProblemError(
    500,
    'internal-error',
    'Internal error',
    'Something went wrong; it has been logged.',
  );
}
