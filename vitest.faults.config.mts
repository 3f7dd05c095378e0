import { defineConfig } from 'vitest/config';

// `npm run test:faults`: the fault tests (test/faults), apart from `npm test`. They start their own Postgres,
// stand-in Temporal server and app as processes; of the shared setup they take only the workflow bundle, which
// the app's worker loads at each restart instead of bundling again.
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    globalSetup: ['test/support/temporal-global-setup.ts'],
    // A restart of the app takes a minute on a 2-core machine that other work keeps busy.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    teardownTimeout: 30_000,
    fileParallelism: false,
  },
});
