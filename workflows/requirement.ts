import { continueAsNew, log, patched, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { DEFAULT_CONFIG, type DomainConfig, configOverrides } from '../domain/config';
import type { RequirementImposition } from '../domain/links';
import { SYSTEM_ACTOR } from '../domain/records';
// The domain's modules one by one, not its index (see order.ts).
import type {
  PartyRequirementCommand,
  RequirementEvent,
  RequirementState,
  RequirementView,
} from '../domain/requirement';
import { decideRequirement } from '../domain/requirement/decide';
import { carriedRequirement, evolveRequirement } from '../domain/requirement/evolve';
import { orderMessagesFor } from '../domain/requirement/links';
import { initialRequirementState, isRequirementTerminal } from '../domain/requirement/state';
import { nextRequirementTimerKept } from '../domain/requirement/time/next-timer';
import { requirementDeadlines, tickRequirement } from '../domain/requirement/time/tick';
import { requirementView } from '../domain/requirement/view';
import { AggregateRunner, type Carried, type Committed } from './aggregate';
import { registerHandlers } from './handlers';
import { type HandedOver, PATCHES_HANDED_OVER, RunPatches } from './handover';
import { DEFAULT_HISTORY_LIMIT, HandoverPoint, runUntilEnded } from './lifecycle';
import {
  type Answer,
  orderToRequirementSignal,
  orderWorkflowId,
  requirementToOrderSignal,
  requirementUpdates,
  requirementViewQuery,
  type SentToRequirement,
  withRequirement,
} from './messages';
import { MessageSender } from './message-sender';
import { PERSIST_OPTIONS } from './persist-options';

export interface RequirementWorkflowInput {
  imposition: RequirementImposition;
  /** The settings, or (in a run handed over by reference) those that differ from the defaults. */
  config?: Partial<DomainConfig>;
  historyLimit?: number;
  carried?: Carried<RequirementState>;
}

const { persistRequirementBatch } = proxyActivities<Activities>(PERSIST_OPTIONS);

const IMPOSE_BEFORE_HANDLERS = 'impose-before-handlers';

/** One imposed MHTR, DRR or ATR (`cstr-order/{orderId}/requirement/{requirementId}`), a child of its order. */
export async function requirementWorkflow(input: RequirementWorkflowInput): Promise<Answer<RequirementView>> {
  // A run started before a setting existed takes its default.
  const config: DomainConfig = { ...DEFAULT_CONFIG, ...input.config };
  const historyLimit = input.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  const { imposition } = input;
  const { orderId, requirementId } = imposition;
  const scope = { pdu: imposition.probationDeliveryUnit, courtCode: imposition.sentencingCourt.code };
  const patches = new RunPatches(input.carried?.fromReference ? input.carried : undefined);
  const sender = new MessageSender(patches);

  const effects = async (committed: Committed<RequirementEvent>[]) => {
    for (const { name, event } of committed) {
      for (const [n, message] of orderMessagesFor(event).entries()) {
        const delivery = { id: `${name}/${n}`, message };
        if (!(await sender.send(orderWorkflowId(orderId), requirementToOrderSignal, delivery)))
          log.warn('message not delivered: the order has ended', { orderId, event: name });
      }
    }
  };

  const runner = new AggregateRunner(
    {
      decide: decideRequirement,
      evolve: evolveRequirement,
      tick: tickRequirement,
      nextTimer: nextRequirementTimerKept(),
      deadlines: requirementDeadlines,
      view: requirementView,
      isTerminal: isRequirementTerminal,
    },
    config,
    // Its messages are named after it: its order hears from each of its requirements.
    { name: requirementId, requirementId },
    input.carried
      ? { ...input.carried, state: carriedRequirement(input.carried.state) }
      : { state: initialRequirementState, version: 0, recentIds: [] },
    // The activity knows the requirement from this workflow's id, and where it sits from its stored
    // imposition; a batch carrying its view (a run from before small histories) is not rebuilt and says so.
    (batch) => persistRequirementBatch(batch.view ? { scope, ...batch } : batch),
    effects,
    sender,
    patches,
  );
  const isNewRun = !input.carried;
  // The runner holds the carried state and ids now. The input stays referenced for the run's life (the
  // continue-as-new below spreads it): without this it would keep the state the run began with (its maps
  // copied once changed) and a second array of the ids. The key keeps its place in the next run's input.
  input.carried = undefined;

  const impose = () =>
    runner.execute({
      commandId: `impose/${requirementId}`,
      actor: SYSTEM_ACTOR,
      command: { type: 'Impose', imposition },
    });
  // Messages that arrived before the first activation are delivered when their handler is set: impose first,
  // so that they find the requirement imposed. (Runs that began before this patch registered handlers first.)
  const imposing = isNewRun && patched(IMPOSE_BEFORE_HANDLERS) ? impose() : null;

  registerHandlers(
    runner,
    { updates: requirementUpdates, view: requirementViewQuery, inbox: orderToRequirementSignal },
    (message) => ({
      command: { type: 'ApplyOrderMessage' as const, requirementId, message },
      from: orderWorkflowId(orderId),
    }),
    (command: SentToRequirement<PartyRequirementCommand>) => withRequirement(command, requirementId),
  );

  // The sentence already checked these terms (checkImposition); a refusal here fails the run, loudly.
  if (imposing) await imposing;
  else if (isNewRun) await impose();

  const handover = new HandoverPoint(historyLimit, patches);
  return runUntilEnded(runner, handover, (carried) => {
    const stored = handover.handsOverByReference() ? runner.handover() : null;
    if (!stored) return continueAsNew<typeof requirementWorkflow>({ ...input, carried });
    // The next run's worker folds the first `version` stored events into the state (activities/handover-codec.ts).
    const reference = {
      requirementId,
      ...stored,
      config: configOverrides(config),
      historyLimit: historyLimit === DEFAULT_HISTORY_LIMIT ? undefined : historyLimit,
      patches: PATCHES_HANDED_OVER,
    };
    return continueAsNew<(input: HandedOver) => Promise<unknown>>({ handover: reference });
  });
}
