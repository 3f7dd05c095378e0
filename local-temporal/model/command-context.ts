import type Long from 'long';
import type { Command } from '../proto';
import type { Engine } from './engine';
import type { Run } from './run';

/** What a command handler needs: the run, the completion's event id, and a list for cross-run work. */
export interface CommandContext {
  engine: Engine;
  run: Run;
  by: { workflowTaskCompletedEventId: Long };
  completedEventId: number;
  /** Work that reaches other runs, done once the workflow task is recorded. */
  deferred: (() => void)[];
}

export type CommandHandler = (ctx: CommandContext, command: Command) => void;
