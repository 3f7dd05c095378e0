import type { Context } from 'hono';
import { problems } from '../problem';

/** Bodies are JSON: anything else is 415 before it is read. */
export function assertJsonBody(c: Context): void {
  if (c.req.method === 'POST' || c.req.method === 'PUT' || c.req.method === 'PATCH') {
    const type = (c.req.header('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (type !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(type)) {
      throw problems.unsupportedMediaType();
    }
  }
}
