import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * The test files that take longest, longest first (from a clean run's figures): each starts as soon as a worker
 * is free, so none starts late and leaves the other worker idle at the end. The fault tests take one worker for
 * minutes. The rest follow in vitest's own order (on a clean checkout: the largest files first), which puts a
 * short file with a long run (the replay of the recorded histories) near the end.
 */
const LONGEST_FIRST = [
  'test/faults/faults.test.ts',
  'test/web/court.test.ts',
  'test/walkthrough/walkthrough.test.ts',
  'test/workflows/replay.test.ts',
  'test/web/review-report.test.ts',
  'test/web/pages.test.ts',
  'test/web/progress.test.ts',
  'test/web/forms.test.ts',
  'test/app/restart.test.ts',
  'test/app/webhook-delivery.test.ts',
  'test/api/fuzz.test.ts',
  'test/app/crash-safety.test.ts',
  'test/app/offline-start.test.ts',
  'test/web/more-forms.test.ts',
  'test/app/log-sentinel.test.ts',
];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = LONGEST_FIRST.findIndex((name) => f.moduleId.endsWith(`/${name}`));
      return i === -1 ? LONGEST_FIRST.length : i;
    };
    return sorted
      .map((f, i) => ({ f, i }))
      .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
      .map(({ f }) => f);
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
    sequence: { sequencer: LongestFirst },
  },
});
