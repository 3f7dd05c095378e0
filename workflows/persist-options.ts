import type { ActivityOptions } from '@temporalio/workflow';

/** Persisting never gives up: an acknowledged command's events must reach Postgres, however long it is down. */
export const PERSIST_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
};
