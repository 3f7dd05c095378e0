import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { bodyLimit } from 'hono/body-limit';
import { except } from 'hono/combine';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { secureHeaders } from 'hono/secure-headers';
import { isDatabaseUnavailable } from '../db/pool';
import { isPage } from '../web/page-paths';
import { commandHandlers } from './commands/handlers';
import { openCaseHandler } from './commands/open-case';
import { DOCS_CSP, DOCS_PAGE } from './docs-page';
import type { ApiDeps, ApiEnv } from './env';
import { accessLog } from './middleware/access-log';
import { authenticate } from './middleware/authenticate';
import { jsonOnly } from './middleware/json-only';
import { noStore } from './middleware/no-store';
import {
  DEFAULT_ANONYMOUS_RATE_LIMIT_PER_MINUTE,
  rateLimitPerAddress,
  rateLimitPerClient,
} from './middleware/rate-limit';
import { requestIds } from './middleware/request-id';
import { securityLog } from './middleware/security-log';
import { storableQuery } from './middleware/storable-text';
import { ProblemError, problemResponse, problems } from './problem';
import { createRateLimiter } from './rate-limiter';
import { appointmentReads } from './reads/appointments';
import { deadlineReads } from './reads/deadlines';
import { kpiReads } from './reads/kpis';
import { orderReads } from './reads/orders';
import { requirementReads } from './reads/requirements';
import { subjectAccessReads } from './reads/subject-access';

export const MAX_BODY_BYTES = 64 * 1024;

/** The HTTP API: one sub-app per resource, every error as problem+json, the OpenAPI document from the same schemas. */
export function createApi(deps: ApiDeps) {
  const app = new OpenAPIHono<ApiEnv>();
  // Whatever comes without a valid token (public pages, refused tokens) shares one budget per address.
  const anonymous = createRateLimiter({
    perMinute: deps.anonymousRateLimitPerMinute ?? DEFAULT_ANONYMOUS_RATE_LIMIT_PER_MINUTE,
  });
  app.use('*', requestIds);
  app.use('*', secureHeaders());
  app.use('*', except(['/v1/*', '/assets/*', isPage], rateLimitPerAddress(anonymous)));
  app.use('/v1/*', noStore);
  app.use('/v1/*', securityLog(deps.db));
  app.use('/v1/*', authenticate(deps.auth, anonymous));
  app.use('/v1/*', rateLimitPerClient(createRateLimiter({ perMinute: deps.rateLimitPerMinute })));
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw problems.tooLarge();
    },
  });
  // A GET or HEAD has no body to limit (a Request cannot carry one): skipping them spares every read the
  // full Request object that asking for the body would make @hono/node-server build.
  app.use(
    '/v1/*',
    createMiddleware(async function limitBodies(c, next) {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') await next();
      else await limitBody(c as Context<ApiEnv, string>, next);
    }),
  );
  app.use('/v1/*', jsonOnly);
  app.use('/v1/*', storableQuery);
  app.use('/v1/*', accessLog(deps.db));

  app.route('/', openCaseHandler(deps));
  app.route('/', commandHandlers(deps));
  app.route('/', orderReads(deps));
  app.route('/', requirementReads(deps));
  app.route('/', deadlineReads(deps));
  app.route('/', appointmentReads(deps));
  app.route('/', kpiReads(deps));
  app.route('/', subjectAccessReads(deps));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'RS256 token with `role` and `org` claims.',
  });
  // Built once: the routes are all registered by now, and building it costs milliseconds of CPU.
  const openApiJson = JSON.stringify(
    app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'CSTR workflow engine',
        version: '1.0.0',
        description:
          'Community Sentence Treatment Requirements (MHTR, DRR, ATR) in England and Wales, from court assessment to the end of the order. ' +
          'Not verified against legislation, and so kept configurable (domain/config.ts): the commencement of SA 2026 ss.38–39 ' +
          '(termination on completion, from 2026-03-22 by default); whether SA 2026 raised the maximum SSO operational period to 3 years ' +
          '(2 years applied); whether the 3-year suspendable maximum keys on the conviction or the sentence date (the sentence date applied); ' +
          'an ATR has no statutory minimum (shorter than 6 months only warns); and how long an SSO stays open to activation for an ' +
          'offence committed in its operational period (12 months after it by default).',
      },
      servers: [{ url: '/' }],
    }),
  );
  app.get('/openapi.json', (c) => c.body(openApiJson, 200, { 'Content-Type': 'application/json' }));
  app.get('/docs', (c) => c.html(DOCS_PAGE, 200, { 'Content-Security-Policy': DOCS_CSP }));

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
  if (isDatabaseUnavailable(error)) return problems.notAnswering('The database');
  return new ProblemError(
    500,
    'internal-error',
    'Internal error',
    'Something went wrong; it has been logged.',
  );
}
