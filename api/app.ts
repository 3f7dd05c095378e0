import { OpenAPIHono } from '@hono/zod-openapi';
import type { ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { isDatabaseUnavailable } from '../db/pool';
import { commandHandlers } from './commands/handlers';
import { openCaseHandler } from './commands/open-case';
import { DOCS_CSP, DOCS_PAGE } from './docs-page';
import type { ApiDeps, ApiEnv } from './env';
import { requestLayers } from './middleware/layers';
import { ProblemError, problemResponse, problems } from './problem';
import { appointmentReads } from './reads/appointments';
import { deadlineReads } from './reads/deadlines';
import { kpiReads } from './reads/kpis';
import { orderReads } from './reads/orders';
import { requirementReads } from './reads/requirements';
import { subjectAccessReads } from './reads/subject-access';

/** The HTTP API: one sub-app per resource, every error as problem+json, the OpenAPI document from the same schemas. */
export function createApi(deps: ApiDeps) {
  const app = new OpenAPIHono<ApiEnv>();
  const answerError: ErrorHandler<ApiEnv> = (error, c) => {
    const problem = toProblem(error);
    if (problem.status === 500) deps.onUnexpectedError?.(error, c.get('requestId'));
    return problemResponse(c, problem);
  };
  app.use('*', requestLayers(deps, answerError));

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
  app.onError(answerError);
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
