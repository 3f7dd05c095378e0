import { DefaultLogger, type LogLevel, Runtime } from '@temporalio/worker';
import type { Logger } from './logger';

const LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** Temporal's runtime, logging through ours (ids and types only), with shutdown signals left to the app. */
export function installTemporalRuntime(log: Logger): void {
  Runtime.install({
    shutdownSignals: [],
    logger: new DefaultLogger('INFO', ({ level, message, meta }) => {
      const { workflowId, workflowType, runId, activityType, taskQueue } = (meta ?? {}) as Record<
        string,
        unknown
      >;
      log[LEVELS[level]](
        { component: 'temporal', workflowId, workflowType, runId, activityType, taskQueue },
        message,
      );
    }),
  });
}
