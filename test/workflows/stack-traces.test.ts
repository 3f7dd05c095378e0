import { describe, expect, it } from 'vitest';
import { requirementWorkflowId } from '../../workflows/messages';
import { WORKFLOW_STACK_TRACE_LIMIT } from '../../workflows/stack-traces';
import { sentencedCase } from './cases';
import { useScenarioEnv } from './environment';

const s = useScenarioEnv();

/** The SDK's own frames at the top of each pending promise's trace (its hook's), which it cuts off. */
const HOOK_FRAMES = 2;

interface EnhancedStackTrace {
  stacks: { locations: { file_path?: string; function_name?: string }[] }[];
}

describe('the stack trace queries (what Temporal’s UI shows of a waiting workflow)', () => {
  it('answer with the innermost frames of each pending promise, ours among them, no more than the limit', async () => {
    await s.withCase(
      async (c) => {
        await c.start();
        const { ids } = await sentencedCase(c, { months: 12, requirements: [{ type: 'DRR', months: 12 }] });
        const drr = s.env.client.workflow.getHandle(requirementWorkflowId(c.orderId, ids[0]!));

        const stacks = (await drr.query<string>('__stack_trace')).split('\n\n').map((t) => t.split('\n'));
        expect(stacks.length).toBeGreaterThan(0);
        for (const frames of stacks)
          expect(frames.length).toBeLessThanOrEqual(WORKFLOW_STACK_TRACE_LIMIT - HOOK_FRAMES);
        // The deadline timer's wait, each pending promise's trace down to our code that made it.
        expect(stacks.flat()).toContainEqual(expect.stringMatching(/\/workflows\/lifecycle\.ts:\d+:\d+\)$/));

        const enhanced = await drr.query<EnhancedStackTrace>('__enhanced_stack_trace');
        const locations = enhanced.stacks.map((stack) => stack.locations);
        for (const frames of locations)
          expect(frames.length).toBeLessThanOrEqual(WORKFLOW_STACK_TRACE_LIMIT - HOOK_FRAMES);
        expect(locations.flat().map((l) => l.file_path)).toContainEqual(
          expect.stringMatching(/\/workflows\/lifecycle\.ts$/),
        );
      },
      undefined,
      // The SDK tracks promises' stack traces only where workflows run on its worker thread.
      { onWorkerThread: true },
    );
  });
});
