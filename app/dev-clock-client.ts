/**
 * The development clock of a server started with `CSTR_ENGINE=in-process CSTR_DEV_CLOCK=1` (see `devClockRoute`).
 * It is not part of the public API, so the typed client does not know it.
 */
export interface DevClock {
  /** The server's clock: real time plus every advance. */
  now(): Promise<string>;
  /** Moves the server's clock forward to `instant`, firing every timer due on the way. */
  advanceTo(instant: string): Promise<void>;
}

/** The server answered, but has no development clock mounted. */
export class NoDevClockError extends Error {}

async function answered(res: Response, call: string): Promise<unknown> {
  if (res.status === 404) throw new NoDevClockError(`${call} answered 404`);
  const text = await res.text();
  if (!res.ok) throw new Error(`${call} answered ${res.status}: ${text}`);
  return JSON.parse(text);
}

export function devClockClient(baseUrl: string): DevClock {
  const url = `${baseUrl.replace(/\/+$/, '')}/dev/clock`;
  const now = async () => ((await answered(await fetch(url), 'GET /dev/clock')) as { now: string }).now;
  return {
    now,
    async advanceTo(instant) {
      const seconds = Math.ceil((Date.parse(instant) - Date.parse(await now())) / 1_000);
      if (seconds <= 0) return;
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ advance: `PT${seconds}S` }),
      });
      await answered(res, 'POST /dev/clock');
    },
  };
}
