import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { MAX_CODE_LENGTH } from '../../domain/primitives';
import type { ApiDeps } from '../env';
import { type AuthorizedEnv, authorize } from '../middleware/authorize';
import { readErrorResponses, validationHook } from '../openapi-shared';
import { problems } from '../problem';
import { SubjectAccessExport } from '../schemas/subject-access';
import { PdfUnavailable } from '../../web/pdf/renderer';
import { subjectAccessDocument } from '../../web/presenters/subject-access';
import { renderView } from '../../web/render';
import { logged } from './queries/read';
import { subjectAccessExport } from './queries/subject-access';

export const getSubjectAccess = createRoute({
  method: 'get',
  path: '/v1/people/{crn}/subject-access',
  operationId: 'getSubjectAccess',
  summary: 'Everything held about one person, for their subject access request (DPA 2018 Part 3 s.45)',
  description:
    'The data-protection role only. `crn` is the person’s case reference number, or the id of one of their orders (for a person without a CRN). `X-Purpose` is required: the request reference it answers, recorded in the access log against every order exported.',
  tags: ['subject access'],
  security: [{ bearerAuth: [] }],
  request: {
    params: z.object({ crn: z.string().min(1).max(MAX_CODE_LENGTH) }),
    headers: z.object({
      'x-purpose': z
        .string()
        .trim()
        .min(3)
        .max(200)
        .describe('Why: the subject access request it answers (e.g. "SAR 2027/0042").'),
    }),
  },
  responses: {
    200: {
      description: 'The person’s records.',
      content: { 'application/json': { schema: SubjectAccessExport } },
    },
    ...readErrorResponses,
  },
});

export const getSubjectAccessPdf = createRoute({
  ...getSubjectAccess,
  path: '/v1/people/{crn}/subject-access.pdf',
  operationId: 'getSubjectAccessPdf',
  summary: 'The same records as a readable PDF, for the person',
  description:
    'As `getSubjectAccess` (the data-protection role, `X-Purpose` required and access-logged): the same records written out as an A4 tagged PDF, every field held, each order with its requirements, appointments, drug tests, reviews, incidents, events, notifications and access log. 503 if no PDF can be made just now (retry, or use the JSON).',
  responses: {
    200: {
      description: 'The person’s records as a PDF.',
      content: { 'application/pdf': { schema: z.string().describe('An A4 tagged PDF.') } },
    },
    ...readErrorResponses,
  },
});

export function subjectAccessReads(deps: ApiDeps) {
  const app = new OpenAPIHono<AuthorizedEnv>({ defaultHook: validationHook as never });
  app.openapi(
    { ...getSubjectAccess, middleware: [authorize(deps.db, { roles: ['data-protection'], action: 'READ' })] },
    async (c) => {
      const read = await subjectAccessExport(deps.db, c.req.valid('param').crn, {
        purpose: c.req.valid('header')['x-purpose'],
        now: deps.clock(),
      });
      if (!read) throw problems.notFound('person');
      return c.json(logged(c, read), 200);
    },
  );
  app.openapi(
    {
      ...getSubjectAccessPdf,
      middleware: [authorize(deps.db, { roles: ['data-protection'], action: 'READ' })],
    },
    async (c) => {
      const read = await subjectAccessExport(deps.db, c.req.valid('param').crn, {
        purpose: c.req.valid('header')['x-purpose'],
        now: deps.clock(),
      });
      if (!read) throw problems.notFound('person');
      if (!deps.pdf) throw problems.notAnswering('The PDF renderer');
      const html = renderView('subject-access-pdf.njk', { doc: subjectAccessDocument(read.value) });
      const pdf = await deps.pdf.render(html).catch((error: unknown) => {
        throw error instanceof PdfUnavailable ? problems.notAnswering('The PDF renderer') : error;
      });
      // Logged once the copy is made: an export that failed disclosed nothing.
      const exported = logged(c, read);
      const name = (exported.subject.crn ?? exported.orders[0]?.orderId ?? 'person').replace(/[^\w-]/g, '');
      return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `attachment; filename="subject-access-${name}.pdf"`,
      });
    },
  );
  return app;
}
