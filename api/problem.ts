import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Problem types are stable URIs: `…/problems/<code>`; domain rejections use the domain's code. */
export const PROBLEM_BASE = 'https://cstr.service.justice.gov.uk/problems/';

export interface FieldError {
  /** JSON pointer into the request (`/body/review/firstReviewDate`, `/query/status`, `/header/idempotency-key`). */
  pointer: string;
  detail: string;
}

/** An error the API answers with as application/problem+json (RFC 9457). */
export class ProblemError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors: FieldError[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
  }
}

/** The problem+json body; `instance` and `requestId` where the request is known. */
function problemJson(p: ProblemError, request?: { instance: string; requestId: string | undefined }) {
  return {
    type: `${PROBLEM_BASE}${p.code}`,
    title: p.title,
    status: p.status,
    ...(p.detail ? { detail: p.detail } : {}),
    ...(request ? { instance: request.instance } : {}),
    ...(p.errors.length > 0 ? { errors: p.errors } : {}),
    ...(request ? { requestId: request.requestId } : {}),
  };
}

const PROBLEM_CONTENT_TYPE = { 'Content-Type': 'application/problem+json' };

export function problemResponse(c: Context, p: ProblemError): Response {
  // The path as sent, still percent-encoded (`c.req.path` is decoded): a URI reference that holds no raw
  // markup, quotes, NUL or line breaks a client might show.
  const instance = new URL(c.req.url).pathname;
  const body = problemJson(p, { instance, requestId: c.get('requestId') });
  return c.json(body, p.status, { ...p.headers, ...PROBLEM_CONTENT_TYPE });
}

/** The same answer where no request has been routed yet (a server refusing it outright). */
export function bareProblemResponse(p: ProblemError): Response {
  return new Response(JSON.stringify(problemJson(p)), {
    status: p.status,
    headers: { ...PROBLEM_CONTENT_TYPE, ...p.headers },
  });
}

export const problems = {
  unauthenticated: (detail = 'A valid bearer token is required.') =>
    new ProblemError(401, 'unauthenticated', 'Unauthenticated', detail, [], { 'WWW-Authenticate': 'Bearer' }),
  forbidden: (detail: string) => new ProblemError(403, 'forbidden', 'Forbidden', detail),
  notFound: (what = 'resource') => new ProblemError(404, 'not-found', 'Not found', `No ${what} here.`),
  malformed: (detail: string, errors: FieldError[] = []) =>
    new ProblemError(400, 'malformed-request', 'Malformed request', detail, errors),
  tooLarge: () =>
    new ProblemError(413, 'payload-too-large', 'Payload too large', 'Bodies are limited to 64 KiB.'),
  unsupportedMediaType: () =>
    new ProblemError(415, 'unsupported-media-type', 'Unsupported media type', 'Send application/json.'),
  rateLimited: (retryAfterSeconds: number) =>
    new ProblemError(429, 'rate-limited', 'Too many requests', 'Slow down and retry later.', [], {
      'Retry-After': String(retryAfterSeconds),
    }),
  /** What the API needs is not answering: `detail` says what, and how to send the request again. */
  unavailable: (detail: string, retryAfterSeconds = 5) =>
    new ProblemError(503, 'service-unavailable', 'Service unavailable', detail, [], {
      'Retry-After': String(retryAfterSeconds),
    }),
  /** A part the API needs (`what`) is not answering, and nothing was done: send the request again shortly. */
  notAnswering: (what: string): ProblemError =>
    problems.unavailable(`${what} is not answering; retry shortly.`),
};
