import { ApplicationFailure, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { ConformanceActivities } from './activities';
import { add, addViaActivity, count, finish } from './messages';

const { double, explode } = proxyActivities<ConformanceActivities>({ startToCloseTimeout: '10 seconds' });

/** `add` rejects negative numbers in its validator and fails in its handler for 13. */
export async function ledger(): Promise<number> {
  let total = 0;
  let finished = false;
  setHandler(
    add,
    (n) => {
      if (n === 13)
        throw ApplicationFailure.create({ message: 'unlucky', type: 'Unlucky', nonRetryable: true });
      total += n;
      return total;
    },
    {
      validator: (n) => {
        if (n < 0) throw new Error('negative amounts are not allowed');
      },
    },
  );
  setHandler(addViaActivity, async (n) => {
    total += n < 0 ? await explode('cannot double a negative') : await double(n);
    return total;
  });
  setHandler(count, () => total);
  setHandler(finish, () => void (finished = true));
  await condition(() => finished);
  return total;
}
