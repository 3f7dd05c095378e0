import {
  ApplicationFailure,
  ChildWorkflowFailure,
  condition,
  executeChild,
  getExternalWorkflowHandle,
  setHandler,
  sleep,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { fromChild, fromParent } from './messages';

export async function child(n: number, sleepMs: number): Promise<number> {
  await sleep(sleepMs);
  if (n < 0)
    throw ApplicationFailure.create({ message: 'negative child', type: 'Negative', nonRetryable: true });
  return n + 1;
}

export async function parentOfOne(n: number, childSleepMs: number): Promise<string> {
  try {
    const workflowId = `${workflowInfo().workflowId}-child`;
    return String(await executeChild(child, { args: [n, childSleepMs], workflowId }));
  } catch (e) {
    if (!(e instanceof ChildWorkflowFailure) || !(e.cause instanceof ApplicationFailure)) throw e;
    return `child failed: ${e.cause.type ?? ''}: ${e.cause.message}`;
  }
}

/** Child and parent greet each other by signal; the parent returns both greetings. */
export async function chattyParent(): Promise<string[]> {
  const heard: string[] = [];
  setHandler(fromChild, (text) => void heard.push(text));
  const handle = await startChild(chattyChild, { workflowId: `${workflowInfo().workflowId}-child` });
  await condition(() => heard.length > 0);
  await handle.signal(fromParent, 'hello child');
  heard.push(await handle.result());
  return heard;
}

export async function chattyChild(): Promise<string> {
  let heard = '';
  setHandler(fromParent, (text) => void (heard = text));
  const parent = workflowInfo().parent;
  if (!parent) throw ApplicationFailure.nonRetryable('no parent');
  await getExternalWorkflowHandle(parent.workflowId).signal(fromChild, 'hello parent');
  await condition(() => heard !== '');
  return `child heard: ${heard}`;
}

/** Starts a child that would sleep a day, then completes: the child is terminated by parent-close policy. */
export async function abandonsChild(): Promise<string> {
  const handle = await startChild(child, {
    args: [1, 86_400_000],
    workflowId: `${workflowInfo().workflowId}-child`,
  });
  return handle.workflowId;
}
