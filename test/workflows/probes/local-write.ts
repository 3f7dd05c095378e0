import {
  proxyLocalActivities,
  setHandler,
  uuid4,
  condition,
  defineSignal,
  defineUpdate,
} from '@temporalio/workflow';

/** A decision as an event store keeps it: an id from the workflow's randomness, and when it was decided. */
export interface Decided {
  id: string;
  at: string;
}

/** What a local-write probe persists with: stores the decision unless its id is stored, answers the count. */
export interface LocalWriteActivities {
  write(decided: Decided): Promise<number>;
}

const { write } = proxyLocalActivities<LocalWriteActivities>({ startToCloseTimeout: '10 seconds' });

export const decideUpdate = defineUpdate<Decided>('decide');
export const finishSignal = defineSignal('finish');

/**
 * Persists what an Update decides through a local activity, as the persist activity would. The task of the
 * first write is lost after the write (here it fails, as it would be lost with a worker killed then).
 */
export async function localWriteWorkflow(): Promise<Decided[]> {
  const folded: Decided[] = [];
  let finished = false;
  setHandler(finishSignal, () => {
    finished = true;
  });
  setHandler(decideUpdate, async () => {
    const decided = { id: uuid4(), at: new Date().toISOString() };
    if ((await write(decided)) === 1) throw new Error('the task is lost after the write');
    folded.push(decided);
    return decided;
  });
  await condition(() => finished);
  return folded;
}
