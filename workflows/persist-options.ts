import type { ActivityOptions } from '@temporalio/workflow';

/** Persisting never gives up: an acknowledged command's events must reach Postgres, however long it is down. */
export const PERSIST_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
};

/**
 * Delivering a message waits for the receiver to persist (and sometimes for what that sets off in turn); it
 * never gives up either, and a retry is the same update (its id is the message's), applied once.
 */
export const DELIVER_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
};
