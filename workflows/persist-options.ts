import type { ActivityOptions } from '@temporalio/workflow';

/**
 * Persisting never gives up: an acknowledged command's events must reach Postgres, however long it is down.
 * An attempt is one short transaction (each statement gives up within 2 s), so an attempt lost with its worker
 * is tried again after 10 s rather than waited for longer (test/faults).
 */
export const PERSIST_OPTIONS: ActivityOptions = {
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
};
