export { serve, type LocalTemporal } from './grpc/server';
export type { WorkflowTaskFailureRecord } from './model/workflow-task-failures';
export { StateUnreadable } from './store/state-file';
export { stateFileIn } from './store/open-state';
