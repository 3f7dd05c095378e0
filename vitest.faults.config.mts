import { defineConfig } from 'vitest/config';

// `npm run test:faults`: the fault tests (test/faults), apart from `npm test`. They start their own Postgres,
// stand-in Temporal server and app as processes, so they need none of the shared test setup.
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    testTimeout: 90_000,
    hookTimeout: 180_000,
    teardownTimeout: 30_000,
    fileParallelism: false,
  },
});
