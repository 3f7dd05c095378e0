import type { Logger } from './logger';

/**
 * Runs `pass` now and then again after the delay it asks for, until stopped. A failed pass is logged by its
 * class and code only (a database error's message can quote the values it choked on) and tried again after
 * `retryMs`. `stop()` waits for a pass under way.
 */
export function repeat(
  pass: () => Promise<number>,
  options: { log: Logger; failure: string; retryMs: number },
): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const loop = () => {
    if (stopped) return;
    running = pass()
      .catch((error: unknown) => {
        options.log.error(
          {
            err: error instanceof Error ? error.name : 'unknown',
            code: (error as { code?: unknown } | null)?.code,
          },
          options.failure,
        );
        return options.retryMs;
      })
      .then((delayMs) => {
        if (!stopped) timer = setTimeout(loop, delayMs);
      });
  };
  loop();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
