import { Engine } from '../../../local-temporal/model/engine';
import type { Run } from '../../../local-temporal/model/run';
import { startWorkflow } from '../../../local-temporal/model/start';
import { startParams } from '../../../local-temporal/model/start-request';
import { completeTask } from '../../../local-temporal/model/workflow-task-completion';
import { startTask } from '../../../local-temporal/model/workflow-task-start';
import { type Command, CommandType, duration, EventType, type temporal } from '../../../local-temporal/proto';

/** A pure engine on a frozen clock, with helpers that play the worker's part. */
export function createHarness() {
  const logged: string[] = [];
  const engine = new Engine('skipping', { realNow: () => 0, log: (line) => logged.push(line) });
  return {
    engine,
    logged,
    start(
      workflowId: string,
      extra: Partial<temporal.api.workflowservice.v1.IStartWorkflowExecutionRequest> = {},
    ): Run {
      const request = {
        workflowId,
        workflowType: { name: 'wf' },
        taskQueue: { name: 'q' },
        requestId: workflowId,
        ...extra,
      };
      return startWorkflow(engine, startParams('default', request)).run;
    },
    /** Takes the next workflow task from queue `q`, as a poller would. */
    async poll(): Promise<{
      run: Run;
      response: temporal.api.workflowservice.v1.IPollWorkflowTaskQueueResponse;
    }> {
      for (;;) {
        const item = await engine.workflowQueue('q').poll(10);
        if (!item) throw new Error('no workflow task');
        if (item.kind === 'task' && item.run.task === 'scheduled' && item.run.taskToken === item.token) {
          return { run: item.run, response: startTask(engine, item.run, 'test') };
        }
      }
    },
    complete(run: Run, commands: Command[], messages: temporal.api.protocol.v1.IMessage[] = []) {
      return completeTask(engine, run, { commands, messages, identity: 'test' });
    },
  };
}

export const startTimer = (timerId: string, ms: number): Command => ({
  commandType: CommandType.COMMAND_TYPE_START_TIMER,
  startTimerCommandAttributes: { timerId, startToFireTimeout: duration(ms) },
});

/** Activity '1' of type 'act', 60 s start to close, unless `attributes` say otherwise. */
export const scheduleActivity = (
  attributes: temporal.api.command.v1.IScheduleActivityTaskCommandAttributes = {},
): Command => ({
  commandType: CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK,
  scheduleActivityTaskCommandAttributes: {
    activityId: '1',
    activityType: { name: 'act' },
    startToCloseTimeout: duration(60_000),
    ...attributes,
  },
});

export const completeWorkflow = (): Command => ({
  commandType: CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
  completeWorkflowExecutionCommandAttributes: {},
});

export const eventTypes = (run: Run): string[] =>
  run.history.events.map((e) => (EventType[e.eventType ?? 0] ?? '').replace('EVENT_TYPE_', ''));
