import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { RequirementToOrder, OrderToRequirement } from '../domain/links';
import type { OrderView, PartyOrderCommand } from '../domain/order';
import { partyOrderCommandTypes } from '../domain/order/party-commands';
import type { Actor } from '../domain/records';
import type { PartyRequirementCommand, RequirementView } from '../domain/requirement';
import { partyRequirementCommandTypes } from '../domain/requirement/party-commands';

// Every update, query and signal of the workflows, defined once: the workflows register them and the API
// calls them.

/** A command as the aggregate applies it: who sent it, and an id that makes a retry apply once. */
export interface CommandInput<C> {
  commandId: string;
  actor: Actor;
  command: C;
}

/**
 * A command as the API sends it in an Update: its id is the Update's own. Clients before issue 15 sent it
 * again as `commandId` (always the Update's id), and their recorded Updates still carry it.
 */
export interface SentCommand<C> {
  commandId?: string;
  actor: Actor;
  command: C;
}

/**
 * What an Update answers: the view the command made, or, when that view is large, the version it is stored at
 * once persisted (the API reads it there). Runs that began before the small-histories patch always answer the view.
 */
export type Answer<V> = V | { storedVersion: number };

/** Whether an Update's answer is a stored version rather than the view itself. */
export function isStoredAnswer<V>(answer: Answer<V>): answer is { storedVersion: number } {
  return typeof answer === 'object' && answer !== null && 'storedVersion' in answer;
}

/**
 * A requirement's command as its Update carries it: without its `requirementId`, which is the workflow's own
 * (issue 15: about 47 B of history a domain event). Updates sent or recorded with it apply as before.
 */
export type SentToRequirement<C> = C extends unknown
  ? Omit<C, 'requirementId'> & { requirementId?: string }
  : never;

export function withoutRequirement<C extends { requirementId: string }>(command: C): SentToRequirement<C> {
  const { requirementId: _requirementId, ...rest } = command;
  return rest as SentToRequirement<C>;
}

/** A requirement's command as the workflow applies it: its requirement put back unless the Update named one. */
export function withRequirement<C>(command: SentToRequirement<C>, requirementId: string): C {
  return ('requirementId' in command ? command : { ...command, requirementId }) as C;
}

export const orderWorkflowId = (orderId: string) => `cstr-order/${orderId}`;
export const requirementWorkflowId = (orderId: string, requirementId: string) =>
  `cstr-order/${orderId}/requirement/${requirementId}`;

/** The order (and requirement) a workflow id names; null for an id that is not an order's or a requirement's. */
export function workflowOwner(workflowId: string): { orderId: string; requirementId: string | null } | null {
  const [prefix, orderId, kind, requirementId, ...rest] = workflowId.split('/');
  if (prefix !== 'cstr-order' || !orderId || rest.length > 0) return null;
  if (kind === undefined) return { orderId, requirementId: null };
  return kind === 'requirement' && requirementId ? { orderId, requirementId } : null;
}

/** One Update per command type; `Sent` is the command as the Update carries it. */
type CommandUpdates<C extends { type: string }, V, Sent extends { type: string } = C> = {
  [T in C['type']]: ReturnType<typeof defineUpdate<Answer<V>, [SentCommand<Extract<Sent, { type: T }>>], T>>;
};

function commandUpdates<C extends { type: string }, V, Sent extends { type: string } = C>(
  types: readonly C['type'][],
): CommandUpdates<C, V, Sent> {
  return Object.fromEntries(types.map((type) => [type, defineUpdate(type)])) as unknown as CommandUpdates<
    C,
    V,
    Sent
  >;
}

/** One update per order command a party sends, named after it (`GiveWarning`, `RecordSentence`, …). */
export const orderUpdates = commandUpdates<PartyOrderCommand, OrderView>(partyOrderCommandTypes);

/** One update per requirement command a party sends (`BookAppointment`, `RecordOutcome`, …). */
export const requirementUpdates = commandUpdates<
  PartyRequirementCommand,
  RequirementView,
  SentToRequirement<PartyRequirementCommand>
>(partyRequirementCommandTypes);

export const orderViewQuery = defineQuery<OrderView>('orderView');
export const requirementViewQuery = defineQuery<RequirementView>('requirementView');

/** A message from the other workflow; `id` makes redelivery harmless. */
export interface Delivered<M> {
  id: string;
  message: M;
  /** The sender waits for messageAcknowledgedSignal with this id (runs before MESSAGES_ACKNOWLEDGED do not). */
  acknowledge?: true;
}

/** Requirement → order: an incident, a status change, a revocation at review. */
export const requirementToOrderSignal = defineSignal<[Delivered<RequirementToOrder>]>('requirementToOrder');
/** Order → requirement: the order ended, its end date moved, an amendment, an incident decided. */
export const orderToRequirementSignal = defineSignal<[Delivered<OrderToRequirement>]>('orderToRequirement');
/** Either way: the message with this id is persisted, and what it made has been sent on (see MessageSender). */
export const messageAcknowledgedSignal = defineSignal<[{ id: string }]>('messageAcknowledged');
