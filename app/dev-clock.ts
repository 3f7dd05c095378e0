import { Hono } from 'hono';
import { z } from 'zod';
import { problemResponse, problems } from '../api/problem';
import type { Engine } from './engine';

/** ISO 8601 durations of weeks, days, hours, minutes and seconds: `P30D`, `PT12H`, `P1DT2H30M`. */
const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

function durationMs(iso: string): number {
  const [, w, d, h, m, s] = DURATION.exec(iso) ?? [];
  const n = (v: string | undefined) => Number(v ?? 0);
  return (((n(w) * 7 + n(d)) * 24 + n(h)) * 60 + n(m)) * 60_000 + n(s) * 1_000;
}

const Advance = z
  .object({ advance: z.string().regex(DURATION, 'an ISO 8601 duration such as P30D') })
  .strict();

/** `POST /dev/clock {"advance": "P30D"}`: moves the in-process stand-in's clock, firing every timer on the way. */
export function devClockRoute(local: NonNullable<Engine['local']>) {
  const app = new Hono();
  app.post('/dev/clock', async (c) => {
    const parsed = Advance.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success || durationMs(parsed.data.advance) <= 0) {
      return problemResponse(
        c,
        problems.malformed('Send {"advance": "P30D"}: a positive ISO 8601 duration.'),
      );
    }
    local.advance(durationMs(parsed.data.advance));
    return c.json({ now: new Date(local.now()).toISOString() });
  });
  app.get('/dev/clock', (c) => c.json({ now: new Date(local.now()).toISOString() }));
  return app;
}
