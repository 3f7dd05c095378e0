import Long from 'long';
import { temporal, google } from '@temporalio/proto';

export { temporal, google };
export type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
export type Command = temporal.api.command.v1.ICommand;
export type Payloads = temporal.api.common.v1.IPayloads;
export type Failure = temporal.api.failure.v1.IFailure;
export type Execution = temporal.api.common.v1.IWorkflowExecution;
export type RetryPolicy = temporal.api.common.v1.IRetryPolicy;
export type Duration = google.protobuf.IDuration;
export type Timestamp = google.protobuf.ITimestamp;

export const EventType = temporal.api.enums.v1.EventType;
export const CommandType = temporal.api.enums.v1.CommandType;
export type CommandType = temporal.api.enums.v1.CommandType;
export const RetryState = temporal.api.enums.v1.RetryState;
export const TimeoutType = temporal.api.enums.v1.TimeoutType;
export const WorkflowStatus = temporal.api.enums.v1.WorkflowExecutionStatus;

/** A proto object type whose int64 fields also take plain numbers, which protobufjs encodes alike. */
export type Loose<T> = T extends Long
  ? Long | number
  : T extends Uint8Array
    ? T
    : T extends (infer U)[]
      ? Loose<U>[]
      : T extends object
        ? { [K in keyof T]: Loose<T[K]> }
        : T;

/** Numbers arrive as Long from decoded requests and as plain numbers from our own objects. */
export function num(value: Long | number | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}

export function long(value: number): Long {
  return Long.fromNumber(value);
}

export function durationMs(d: Duration | null | undefined): number {
  if (!d) return 0;
  return num(d.seconds) * 1000 + Math.round((d.nanos ?? 0) / 1e6);
}

export function duration(ms: number): Duration {
  return { seconds: long(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1e6 };
}

export function timestamp(ms: number): Timestamp {
  return { seconds: long(Math.floor(ms / 1000)), nanos: Math.round((ms % 1000) * 1e6) };
}

export function timestampMs(t: Timestamp | null | undefined): number {
  return durationMs(t);
}
