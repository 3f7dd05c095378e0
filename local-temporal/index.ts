export { serve, type LocalTemporal } from './grpc/server';
export type { WorkflowTaskFailureRecord } from './model/workflow-task-failures';
