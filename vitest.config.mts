import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts', 'test/support/temporal-global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    // Two cores: more workers than that only makes each slower.
    maxWorkers: 2,
    // Test files share a worker's loaded modules: each file's own set-up (its database, worker, app) is
    // still its own, and importing the app once per worker instead of once per file saves minutes.
    isolate: false,
  },
});
