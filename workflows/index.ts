// The workflows the worker runs: the order (one per case) and its requirements (one child per imposed CSTR).
import { WORKFLOW_STACK_TRACE_LIMIT } from './stack-traces';

// Set at the top level of the preloaded module: the SDK freezes the context's globals after it runs.
Error.stackTraceLimit = WORKFLOW_STACK_TRACE_LIMIT;

export { orderWorkflow } from './order';
export { requirementWorkflow } from './requirement';
