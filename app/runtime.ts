import { DefaultLogger, type LogLevel, Runtime } from '@temporalio/worker';
import { type ErrorFacts, errorFacts } from '../db/error-facts';
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

/** An error as `errorFacts` has it, with its failure type (an `ApplicationFailure`'s, one of ours). */
function safeError(error: unknown): (ErrorFacts & { type?: string }) | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const { type } = error as { type?: unknown };
  return {
    ...errorFacts(error),
    ...(typeof type === 'string' && /^[A-Za-z][A-Za-z0-9_]{0,59}$/.test(type) ? { type } : {}),
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
