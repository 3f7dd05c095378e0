import { DefaultLogger, type LogLevel, Runtime } from '@temporalio/worker';
import type { Logger } from './logger';

const LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** Temporal's level for ours: LOG_LEVEL=debug shows the SDK's debug lines too (through the same filter). */
const TEMPORAL_LEVEL: Record<string, LogLevel> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  fatal: 'ERROR',
  silent: 'ERROR',
};

/**
 * What of a Temporal log entry's metadata we keep: ids, types, counts, timings and codes. Everything else —
 * workflow and activity arguments, results, failure messages — may carry personal or clinical data.
 */
const SAFE_META = [
  'workflowId',
  'workflowType',
  'runId',
  'activityId',
  'activityType',
  'taskQueue',
  'namespace',
  'attempt',
  'isLocal',
  'durationMs',
  'sdkComponent',
  'state',
  'code',
  'next',
  'orderId',
  'requirementId',
  'version',
  'firstEventId',
  'sqlstate',
  'recordSqlstate',
  'alert',
] as const;

/** An error as its class and failure type only: its message may quote the data that made it fail. */
function safeError(error: unknown): { name: string; type?: string } | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const { name, type } = error as { name?: unknown; type?: unknown };
  return {
    name: typeof name === 'string' ? name : 'Error',
    ...(typeof type === 'string' ? { type } : {}),
  };
}

export function temporalLogFields(meta: Record<string, unknown> | undefined): Record<string, unknown> {
  const fields: Record<string, unknown> = { component: 'temporal' };
  for (const key of SAFE_META) {
    const value = meta?.[key];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      fields[key] = value;
  }
  const error = safeError(meta?.error ?? meta?.failure);
  if (error) fields.error = error;
  return fields;
}

/** Temporal's runtime, logging through ours (ids and types only), with shutdown signals left to the app. */
export function installTemporalRuntime(log: Logger, level: string): void {
  Runtime.install({
    shutdownSignals: [],
    logger: new DefaultLogger(TEMPORAL_LEVEL[level] ?? 'INFO', ({ level: l, message, meta }) => {
      log[LEVELS[l]](temporalLogFields(meta), message);
    }),
  });
}
