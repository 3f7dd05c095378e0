// The workflows the worker runs: the order (one per case) and its requirements (one child per imposed CSTR).
export { orderWorkflow } from './order';
export { requirementWorkflow } from './requirement';
