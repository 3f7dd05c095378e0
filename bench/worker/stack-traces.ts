import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { SNAPSHOT_AT } from '../data/snapshot';
import { startBenchDatabase } from '../support/postgres';
import { WORKFLOW_STACK_TRACE_LIMIT } from '../../workflows/stack-traces';
import { nothingOpened, openOrders } from './open-orders';
import { startBenchTemporal } from './temporal';
import { WorkerChild } from './worker-child';

// What an operator sees of our workflows' stacks at WORKFLOW_STACK_TRACE_LIMIT: the stack trace queries
// (`__stack_trace`; `__enhanced_stack_trace`, what Temporal's UI shows for a waiting workflow) of the worker
// bench's first open order and its requirements, on a worker whose workflows run on its workflow thread as in
// production; and the stack a workflow task failure records for a TypeError thrown in our code (an order
// workflow started with no input).
//   npx tsx bench/worker/stack-traces.ts

const log = (m: string) => console.error(m);
const taskQueue = 'bench-stack-traces';

async function main(): Promise<void> {
  const db = await startBenchDatabase('stacks');
  const temporal = await startBenchTemporal(SNAPSHOT_AT, log);
  const child = await WorkerChild.start({
    address: temporal.address,
    namespace: temporal.namespace,
    taskQueue,
    codePath: temporal.codePath,
    databaseUrl: db.url,
    maxCachedWorkflows: 100,
  });
  try {
    console.log(`Error.stackTraceLimit in the workflows' context: ${WORKFLOW_STACK_TRACE_LIMIT}`);
    const opened = nothingOpened();
    await openOrders({
      client: temporal.client,
      taskQueue,
      indices: [0],
      opened,
      afterBatch: () => Promise.resolve(),
      signal: new AbortController().signal,
    });
    for (const workflowId of opened.workflowIds) {
      const handle = temporal.client.workflow.getHandle(workflowId);
      const text = await handle.query<string>('__stack_trace');
      const enhanced = await handle.query<{ stacks: { locations: unknown[] }[] }>('__enhanced_stack_trace');
      const frames = enhanced.stacks.map((s) => s.locations.length);
      console.log(
        `\n## ${workflowId}: __enhanced_stack_trace ${enhanced.stacks.length} stacks of ${frames.join(', ')} frames; __stack_trace:\n`,
      );
      console.log(text.replaceAll(process.cwd() + '/', ''));
    }

    const failing = await temporal.client.workflow.start('orderWorkflow', {
      taskQueue,
      workflowId: `stack-traces-${randomUUID()}`,
      args: [null],
    });
    await firstTaskFailed(failing);
    await failing.terminate('shown');
  } finally {
    await child.stop();
    await temporal.close();
    await db.stop();
  }
}

/** Waits for the run's first failed workflow task and prints the failure's stack. */
async function firstTaskFailed(handle: WorkflowHandle): Promise<void> {
  for (;;) {
    const history = await handle.fetchHistory();
    const failed = history.events?.find((e) => e.workflowTaskFailedEventAttributes);
    const failure = failed?.workflowTaskFailedEventAttributes?.failure;
    if (failure) {
      console.log(`\n## a workflow task failed by a TypeError: ${failure.message}\n`);
      console.log((failure.stackTrace ?? '').replaceAll(process.cwd() + '/', ''));
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
