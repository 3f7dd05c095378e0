import { sleep, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

/** A deliberate change to every workflow: a timer before its body runs. No recorded history may replay on it. */
export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [
    {
      async execute(input, next) {
        await sleep(1);
        return next(input);
      },
    },
  ],
});
