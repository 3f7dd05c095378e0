export { serve, type LocalTemporal, type ServeOptions } from './grpc/server';
export type { WorkflowTaskFailureRecord } from './model/workflow-task-failures';
