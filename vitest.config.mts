import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * The fault tests take one worker for minutes: started last, they would run alone at the end of the suite.
 * Otherwise vitest's own order (on a clean checkout: the largest files first).
 */
class FaultsFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const isFaults = (f: TestSpecification) => f.moduleId.includes('/test/faults/');
    return [...sorted.filter(isFaults), ...sorted.filter((f) => !isFaults(f))];
  }
}

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
    sequence: { sequencer: FaultsFirst },
  },
});
