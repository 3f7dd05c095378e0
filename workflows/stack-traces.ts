/**
 * The frames V8 keeps of an `Error` made in the workflows' context. The SDK's promise hook makes one for every
 * promise a workflow makes and keeps it, formatted and source-mapped, while the promise is pending (what the
 * stack trace queries answer); V8's default of 10 is most of a cached workflow's heap of stack traces.
 */
export const WORKFLOW_STACK_TRACE_LIMIT = 6;
