#!/usr/bin/env node
import { serve } from './grpc/server';

const SUGGEST_FLAG = '--suggest-continue-as-new-after-events=';

/**
 * Entry the SDK spawns as `<path> <port> [extra args]` (TestWorkflowEnvironment existing-path executable);
 * the one extra argument is `--suggest-continue-as-new-after-events=N`. With LOCAL_TEMPORAL_STATE_DIR its
 * state is kept there (see README, Durable state), so that it can be run as a server of its own, stopped and
 * killed (the fault tests do).
 */
async function main(): Promise<void> {
  const [portArg, ...extra] = process.argv.slice(2);
  const port = Number(portArg);
  const suggestAfter = extra.map((a) =>
    a.startsWith(SUGGEST_FLAG) ? Number(a.slice(SUGGEST_FLAG.length)) : NaN,
  );
  if (!Number.isInteger(port) || port < 0 || !suggestAfter.every((n) => Number.isInteger(n) && n > 0)) {
    process.stderr.write(`usage: local-temporal <port> [${SUGGEST_FLAG}N]\n`);
    process.exit(2);
  }
  const clock = process.env.LOCAL_TEMPORAL_CLOCK === 'real' ? 'real' : 'skipping';
  const stateDir = process.env.LOCAL_TEMPORAL_STATE_DIR || undefined;
  const server = await serve({
    port,
    clock,
    suggestContinueAsNewAfterEvents: suggestAfter.at(-1),
    ...(stateDir ? { stateDir } : {}),
  });
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The SDK that spawned us may die without tearing down (a crashed test run): do not outlive it.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop();
  }, 1000).unref();
}

main().catch((error: unknown) => {
  process.stderr.write(`[local-temporal] failed to start: ${String(error)}\n`);
  process.exit(1);
});
