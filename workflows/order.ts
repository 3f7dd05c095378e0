import {
  ParentClosePolicy,
  WorkflowIdReusePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  startChild,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { DEFAULT_CONFIG, type DomainConfig } from '../domain/config';
import type { DecideContext, Decision } from '../domain/core';
// The domain's modules one by one, not its index: the index exports the schemas, and zod stays out of the
// workflow bundle (test/workflows/bundle.test.ts).
import type { OrderCommand, OrderEvent, OrderState, OrderView, PartyOrderCommand } from '../domain/order';
import { decideOrder } from '../domain/order/decide';
import { evolveOrder } from '../domain/order/evolve';
import { impositionsFor, orderCommandFor, requirementMessagesFor } from '../domain/order/links';
import { isOrderTerminal } from '../domain/order/rules/status';
import { initialOrderState } from '../domain/order/state';
import { nextOrderTimer, orderDeadlines, tickOrder } from '../domain/order/time/tick';
import { orderView } from '../domain/order/view';
import { decideRequirementStatus } from '../domain/order/decide/lifecycle';
import { AggregateRunner, type Carried, type Committed } from './aggregate';
import { registerHandlers } from './handlers';
import { DEFAULT_HISTORY_LIMIT, HandoverPoint, runUntilEnded } from './lifecycle';
import {
  type Answer,
  orderToRequirementSignal,
  orderUpdates,
  orderViewQuery,
  requirementToOrderSignal,
  requirementWorkflowId,
} from './messages';
import { MessageSender } from './message-sender';
import { PERSIST_OPTIONS } from './persist-options';
import type { requirementWorkflow } from './requirement';

export interface OrderWorkflowInput {
  orderId: string;
  config?: DomainConfig;
  /** Continue as new past this many history events (Temporal's own suggestion applies too). */
  historyLimit?: number;
  carried?: Carried<OrderState>;
}

const { persistOrderBatch } = proxyActivities<Activities>(PERSIST_OPTIONS);

/** Statuses a requirement reports when its workflow ends. */
const REQUIREMENT_ENDED = new Set(['COMPLETED', 'TERMINATED']);
/** How long an ended order waits for its requirements' last reports before it closes anyway. */
const REQUIREMENT_REPORTS_WAIT = '7 days';
const AWAIT_REQUIREMENT_ENDS = 'await-requirement-ends';
/** How long a started order waits for its OpenCase (a refused Update-with-Start leaves it unopened). */
const OPENING_WAIT = '1 hour';
const CLOSE_UNOPENED = 'close-unopened';

/**
 * The order's rules, but an ended order still records its requirements' last status reports (they follow
 * the order's end by a moment). Orders that began before this patch refused them, as the domain does.
 */
function decideWithLateReports(
  state: OrderState,
  command: OrderCommand,
  ctx: DecideContext,
): Decision<OrderEvent> {
  if (command.type === 'RecordRequirementStatus' && isOrderTerminal(state) && patched(AWAIT_REQUIREMENT_ENDS))
    return decideRequirementStatus(state, command, ctx);
  return decideOrder(state, command, ctx);
}

/** One CSTR case, from the court assessor's first step to the order's end (`cstr-order/{orderId}`). */
export async function orderWorkflow(input: OrderWorkflowInput): Promise<Answer<OrderView>> {
  // A run started before a setting existed takes its default.
  const config: DomainConfig = { ...DEFAULT_CONFIG, ...input.config };
  const historyLimit = input.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  const { orderId } = input;
  const sender = new MessageSender();

  const effects = async (committed: Committed<OrderEvent>[]) => {
    for (const { name, event } of committed) {
      for (const imposition of impositionsFor(event)) {
        // By name: a function's name is not the workflow's in the bundle, where a clashing name is renamed.
        await startChild<typeof requirementWorkflow>('requirementWorkflow', {
          workflowId: requirementWorkflowId(orderId, imposition.requirementId),
          args: [{ imposition, config, historyLimit }],
          parentClosePolicy: ParentClosePolicy.ABANDON,
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          memo: { orderId },
        }).catch((error: unknown) => {
          // Already started (or already ended) by an earlier run of this order: it is running its course.
          if (!(error instanceof Error && error.name === 'WorkflowExecutionAlreadyStartedError')) throw error;
          log.warn('requirement workflow already started', { requirementId: imposition.requirementId });
        });
      }
      for (const { requirementId, message } of requirementMessagesFor(event)) {
        const workflowId = requirementWorkflowId(orderId, requirementId);
        const delivery = { id: `${name}/${requirementId}`, message };
        if (!(await sender.send(workflowId, orderToRequirementSignal, delivery)))
          log.warn('message not delivered: the requirement has ended', { workflowId, event: name });
      }
    }
  };

  const runner = new AggregateRunner(
    {
      decide: decideWithLateReports,
      evolve: evolveOrder,
      tick: tickOrder,
      nextTimer: nextOrderTimer,
      deadlines: orderDeadlines,
      view: orderView,
      isTerminal: isOrderTerminal,
    },
    config,
    { name: 'order' },
    input.carried ?? { state: initialOrderState, version: 0, recentIds: [] },
    // The activity knows the order from this workflow's id.
    (batch) => persistOrderBatch(batch),
    effects,
    sender,
  );
  const isNewRun = !input.carried;
  // The runner holds the carried state and ids now. The input stays referenced for the run's life (the
  // continue-as-new below spreads it): without this it would keep the state the run began with (its maps
  // copied once changed) and a second array of the ids. The key keeps its place in the next run's input.
  input.carried = undefined;

  registerHandlers(
    runner,
    { updates: orderUpdates, view: orderViewQuery, inbox: requirementToOrderSignal },
    (message) => ({
      command: orderCommandFor(message),
      from: requirementWorkflowId(orderId, message.requirementId),
    }),
    (command: PartyOrderCommand) => command,
  );

  // Orders that began before this patch waited for their OpenCase for ever.
  if (
    isNewRun &&
    patched(CLOSE_UNOPENED) &&
    !runner.opened() &&
    !(await condition(() => runner.opened(), OPENING_WAIT))
  ) {
    await condition(allHandlersFinished);
    if (!runner.opened()) {
      log.warn('closing an order workflow that was never opened', { orderId });
      return runner.view();
    }
  }

  const unreported = () =>
    runner
      .view()
      .requirements.filter((r) => !REQUIREMENT_ENDED.has(r.status))
      .map((r) => r.requirementId);
  /** Keeps the ended order open until each requirement has reported its end, so no last report is lost. */
  const awaitRequirementEnds = async () => {
    if (!patched(AWAIT_REQUIREMENT_ENDS)) return;
    if (await condition(() => unreported().length === 0, REQUIREMENT_REPORTS_WAIT)) return;
    for (const requirementId of unreported())
      log.error('the order ended without its requirement reporting its end', { requirementId });
  };

  return runUntilEnded(
    runner,
    new HandoverPoint(historyLimit, null),
    (carried) => continueAsNew<typeof orderWorkflow>({ ...input, carried }),
    awaitRequirementEnds,
  );
}
