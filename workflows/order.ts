import {
  ParentClosePolicy,
  continueAsNew,
  getExternalWorkflowHandle,
  proxyActivities,
  startChild,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { DEFAULT_CONFIG, type DomainConfig } from '../domain/config';
import {
  type OrderEvent,
  type OrderState,
  type OrderView,
  decideOrder,
  evolveOrder,
  impositionsFor,
  initialOrderState,
  isOrderTerminal,
  nextOrderTimer,
  orderCommandFor,
  orderDeadlines,
  orderView,
  requirementMessagesFor,
  tickOrder,
} from '../domain/order';
import type { EventRecord } from '../domain/records';
import { AggregateRunner, type Carried } from './aggregate';
import { registerHandlers } from './handlers';
import { DEFAULT_HISTORY_LIMIT, runUntilEnded } from './lifecycle';
import {
  orderToRequirementSignal,
  orderUpdates,
  orderViewQuery,
  requirementToOrderSignal,
  requirementWorkflowId,
} from './messages';
import { PERSIST_OPTIONS } from './persist-options';
import { requirementWorkflow } from './requirement';

export interface OrderWorkflowInput {
  orderId: string;
  config?: DomainConfig;
  /** Continue as new past this many history events (Temporal's own suggestion applies too). */
  historyLimit?: number;
  carried?: Carried<OrderState>;
}

const { persistOrderBatch } = proxyActivities<Activities>(PERSIST_OPTIONS);

/** One CSTR case, from the court assessor's first step to the order's end (`cstr-order/{orderId}`). */
export async function orderWorkflow(input: OrderWorkflowInput): Promise<OrderView> {
  // A run started before a setting existed takes its default.
  const config: DomainConfig = { ...DEFAULT_CONFIG, ...input.config };
  const historyLimit = input.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  const { orderId } = input;

  const effects = async (records: EventRecord<OrderEvent>[]) => {
    for (const { id, event } of records) {
      for (const imposition of impositionsFor(event)) {
        await startChild(requirementWorkflow, {
          workflowId: requirementWorkflowId(orderId, imposition.requirementId),
          args: [{ imposition, config, historyLimit }],
          parentClosePolicy: ParentClosePolicy.ABANDON,
        });
      }
      for (const { requirementId, message } of requirementMessagesFor(event)) {
        await getExternalWorkflowHandle(requirementWorkflowId(orderId, requirementId))
          .signal(orderToRequirementSignal, { id: `${id}/${requirementId}`, message })
          .catch(() => undefined); // a requirement that has already ended takes no more messages
      }
    }
  };

  const runner = new AggregateRunner(
    {
      decide: decideOrder,
      evolve: evolveOrder,
      tick: tickOrder,
      nextTimer: nextOrderTimer,
      deadlines: orderDeadlines,
      view: orderView,
      isTerminal: isOrderTerminal,
    },
    config,
    input.carried ?? { state: initialOrderState, version: 0, recentIds: [] },
    async (batch) => {
      await persistOrderBatch({ orderId, ...batch });
    },
    effects,
  );

  registerHandlers(
    runner,
    { updates: orderUpdates, view: orderViewQuery, inbox: requirementToOrderSignal },
    (message) => ({
      command: orderCommandFor(message),
      from: requirementWorkflowId(orderId, message.requirementId),
    }),
  );

  return runUntilEnded(runner, historyLimit, (carried) =>
    continueAsNew<typeof orderWorkflow>({ ...input, carried }),
  );
}
