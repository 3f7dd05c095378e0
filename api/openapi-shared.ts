import type { Hook } from '@hono/zod-openapi';
import { z } from 'zod';
import { problems } from './problem';

export const ProblemSchema = z
  .object({
    type: z.url(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ pointer: z.string(), detail: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details; `type` is stable per rule.' });

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

/** Every error a route can answer with, for the OpenAPI document. */
export const errorResponses = {
  400: problem('Malformed request, unknown fields, or a missing Idempotency-Key.'),
  401: problem('No token, or a token that is not valid.'),
  403: problem('In scope, but the caller’s role may not do this.'),
  404: problem('Not found, or outside the caller’s scope.'),
  409: problem(
    'Not allowed in the current state (e.g. a warning inside 12 months), or a request with this key in flight.',
  ),
  413: problem('Body over 64 KiB.'),
  415: problem('Body not JSON.'),
  422: problem('A rule violation, with field pointers; or an Idempotency-Key reused with another body.'),
  429: problem('Rate limited; see Retry-After.'),
  503: problem('Postgres or the workflow engine is unavailable; retry after Retry-After.'),
} as const;

export const readErrorResponses = {
  400: errorResponses[400],
  401: errorResponses[401],
  403: errorResponses[403],
  404: errorResponses[404],
  429: errorResponses[429],
  503: errorResponses[503],
} as const;

/** Turns a failed request validation into a 400 problem with a pointer per issue. */
export const validationHook: Hook<unknown, never, string, unknown> = (result) => {
  if (result.success) return;
  const target = (result as { target?: string }).target ?? 'body';
  const where = target === 'json' ? 'body' : target;
  throw problems.malformed(
    'The request does not match its schema.',
    result.error.issues.map((issue) => ({
      pointer: `/${[where, ...issue.path.map(String)].join('/')}`,
      detail: issue.message,
    })),
  );
};
