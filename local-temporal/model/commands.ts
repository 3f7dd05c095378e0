import { type Command, CommandType as C, long, type temporal } from '../proto';
import type { CommandContext, CommandHandler } from './command-context';
import type { Engine } from './engine';
import { outwardCommands } from './outward-commands';
import { applyMessage } from './protocol-messages';
import type { Run } from './run';
import { runCommands } from './run-commands';

type Message = temporal.api.protocol.v1.IMessage;

const handlers: Partial<Record<C, CommandHandler>> = { ...runCommands, ...outwardCommands };

export function isSupportedCommand(commandType: C): boolean {
  return commandType === C.COMMAND_TYPE_PROTOCOL_MESSAGE || handlers[commandType] !== undefined;
}

export const closeCommands = new Set<C>([
  C.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
  C.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION,
  C.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION,
  C.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION,
]);

/**
 * Turns a completed workflow task's commands into events, in order; protocol messages (updates) are
 * applied where a command sequences them, the rest after the commands. Returns the work that reaches other
 * runs, to do once the task is recorded.
 */
export function applyCommands(
  engine: Engine,
  run: Run,
  commands: Command[],
  messages: Message[],
  completedEventId: number,
): (() => void)[] {
  const ctx: CommandContext = {
    engine,
    run,
    by: { workflowTaskCompletedEventId: long(completedEventId) },
    completedEventId,
    deferred: [],
  };
  const unsequenced = new Map(messages.map((m) => [m.id ?? '', m]));
  for (const c of commands) {
    if (!run.isOpen) break;
    if (c.commandType === C.COMMAND_TYPE_PROTOCOL_MESSAGE) {
      const id = c.protocolMessageCommandAttributes?.messageId ?? '';
      const message = unsequenced.get(id);
      unsequenced.delete(id);
      if (message) applyMessage(run, message);
    } else {
      handlers[c.commandType ?? C.COMMAND_TYPE_UNSPECIFIED]?.(ctx, c);
    }
  }
  for (const message of unsequenced.values()) if (run.isOpen) applyMessage(run, message);
  return ctx.deferred;
}
