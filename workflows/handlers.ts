import {
  type QueryDefinition,
  type SignalDefinition,
  currentUpdateInfo,
  type defineUpdate,
  setHandler,
} from '@temporalio/workflow';
import type { AggregateRunner } from './aggregate';
import {
  type Answer,
  type CommandInput,
  type Delivered,
  type SentCommand,
  messageAcknowledgedSignal,
} from './messages';
import { acknowledge } from './message-sender';

/** An aggregate's messages: an update per command a party sends, its view, and what the other workflow sends. */
interface AggregateMessages<U, V, M> {
  updates: Readonly<Record<string, ReturnType<typeof defineUpdate<Answer<V>, [SentCommand<U>]>>>>;
  view: QueryDefinition<V>;
  inbox: SignalDefinition<[Delivered<M>]>;
}

/** What a message from the other workflow asks of this aggregate, and which workflow sent it. */
interface Received<C> {
  command: C;
  from: string;
}

/**
 * The command an Update carries, with its id: the Update's own unless the command names one (older clients),
 * and completed as its workflow says (a requirement's puts back its `requirementId`).
 */
function commandOf<U, C>(sent: SentCommand<U>, complete: (command: U) => C): CommandInput<C> {
  const commandId = sent.commandId ?? currentUpdateInfo()?.id;
  if (commandId === undefined) throw new TypeError('a command outside an Update names no commandId');
  return { ...sent, commandId, command: complete(sent.command) };
}

/**
 * Registers the handlers of one aggregate's workflow: each update is validated by the domain before it enters
 * history, then applied; the query answers the view; a signal becomes a command from the sending workflow,
 * acknowledged to it when it asks; the acknowledgements of this one's messages reach its MessageSender.
 */
export function registerHandlers<
  S,
  C extends { type: string },
  E extends { type: string },
  V,
  M,
  U extends { type: string },
>(
  runner: AggregateRunner<S, C, E, V>,
  messages: AggregateMessages<NoInfer<U>, V, M>,
  received: (message: M) => Received<NoInfer<C>>,
  /** The command an Update carries as the aggregate takes it (a requirement's puts back its `requirementId`). */
  complete: (command: U) => NoInfer<C>,
): void {
  // One handler and one validator for every update (the update's name says which): a cached workflow holds
  // them once, not once for each of its two dozen updates.
  const handler = (sent: SentCommand<U>) => runner.execute(commandOf(sent, complete));
  const options = {
    validator: (sent: SentCommand<U>) => {
      const type = currentUpdateInfo()?.name;
      if (sent.command.type !== type) throw new TypeError(`${type} update carries a ${sent.command.type}`);
      runner.validate(commandOf(sent, complete));
    },
  };
  for (const update of Object.values(messages.updates)) setHandler(update, handler, options);
  setHandler(messages.view, () => runner.view());
  setHandler(messages.inbox, ({ id, message, acknowledge: asked }) => {
    const { command, from } = received(message);
    const actor = { sub: from, role: 'system' as const, org: 'system' };
    return runner.receive(id, command, actor, asked ? () => acknowledge(from, id) : undefined);
  });
  setHandler(messageAcknowledgedSignal, ({ id }) => runner.acknowledged(id));
}
