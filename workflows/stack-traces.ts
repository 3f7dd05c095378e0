/**
 * The frames V8 captures of an `Error` made in the workflows' context: our code's errors, and the one the SDK's
 * promise hook makes, source-maps and keeps for every pending promise (what the stack trace queries answer).
 * The hook cuts its own two frames; the four left still reach our code in every trace a waiting workflow holds
 * (the deadline wait's scope and timer are our fourth frame). At V8's 10 the hook took a third to a half more
 * CPU and a cached workflow 2 KB more (bench/README.md, "Issue 15, thirteenth session (wf-stacks)").
 */
export const WORKFLOW_STACK_TRACE_LIMIT = 6;
