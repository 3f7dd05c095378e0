import { describeWorkflow } from './describe';
import { executionHandlers } from './executions';
import { getHistory } from './history';
import { pollUpdate, queryWorkflow, updateWorkflow } from './messages';
import { systemHandlers } from './system';
import { executeMultiOperation } from './update-with-start';
import {
  activityResponses,
  pollActivityTask,
  pollWorkflowTask,
  respondQueryTask,
  respondWorkflowTaskCompleted,
  respondWorkflowTaskFailed,
} from './tasks';

/** The WorkflowService RPCs the stand-in implements; every other one answers UNIMPLEMENTED. */
export const workflowServiceHandlers = {
  ...systemHandlers,
  ...executionHandlers,
  ...activityResponses,
  DescribeWorkflowExecution: describeWorkflow,
  GetWorkflowExecutionHistory: getHistory,
  QueryWorkflow: queryWorkflow,
  UpdateWorkflowExecution: updateWorkflow,
  PollWorkflowExecutionUpdate: pollUpdate,
  ExecuteMultiOperation: executeMultiOperation,
  PollWorkflowTaskQueue: pollWorkflowTask,
  RespondWorkflowTaskCompleted: respondWorkflowTaskCompleted,
  RespondWorkflowTaskFailed: respondWorkflowTaskFailed,
  RespondQueryTaskCompleted: respondQueryTask,
  PollActivityTaskQueue: pollActivityTask,
};
