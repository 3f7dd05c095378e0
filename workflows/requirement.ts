import { continueAsNew, getExternalWorkflowHandle, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { DEFAULT_CONFIG, type DomainConfig } from '../domain/config';
import type { RequirementImposition } from '../domain/links';
import { type EventRecord, SYSTEM_ACTOR } from '../domain/records';
import {
  type RequirementCommand,
  type RequirementEvent,
  type RequirementState,
  type RequirementView,
  decideRequirement,
  evolveRequirement,
  initialRequirementState,
  isRequirementTerminal,
  nextRequirementTimer,
  orderMessagesFor,
  requirementDeadlines,
  requirementView,
  tickRequirement,
} from '../domain/requirement';
import { AggregateRunner, type Carried } from './aggregate';
import { DEFAULT_HISTORY_LIMIT, runUntilEnded } from './lifecycle';
import {
  type CommandInput,
  orderToRequirementSignal,
  orderWorkflowId,
  requirementToOrderSignal,
  requirementUpdates,
  requirementViewQuery,
} from './messages';
import { PERSIST_OPTIONS } from './persist-options';

export interface RequirementWorkflowInput {
  imposition: RequirementImposition;
  config?: DomainConfig;
  historyLimit?: number;
  carried?: Carried<RequirementState>;
}

const { persistRequirementBatch } = proxyActivities<Activities>(PERSIST_OPTIONS);

/** One imposed MHTR, DRR or ATR (`cstr-order/{orderId}/requirement/{requirementId}`), a child of its order. */
export async function requirementWorkflow(input: RequirementWorkflowInput): Promise<RequirementView> {
  const config = input.config ?? DEFAULT_CONFIG;
  const historyLimit = input.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  const { imposition } = input;
  const { orderId, requirementId } = imposition;
  const scope = { pdu: imposition.probationDeliveryUnit, courtCode: imposition.sentencingCourt.code };
  const parent = getExternalWorkflowHandle(orderWorkflowId(orderId));

  const effects = async (records: EventRecord<RequirementEvent>[]) => {
    for (const { id, event } of records) {
      for (const [n, message] of orderMessagesFor(event).entries()) {
        await parent.signal(requirementToOrderSignal, { id: `${id}/${n}`, message }).catch(() => undefined);
      }
    }
  };

  const runner = new AggregateRunner(
    {
      decide: decideRequirement,
      evolve: evolveRequirement,
      tick: tickRequirement,
      nextTimer: nextRequirementTimer,
      deadlines: requirementDeadlines,
      view: requirementView,
      isTerminal: isRequirementTerminal,
    },
    config,
    input.carried ?? { state: initialRequirementState, version: 0, recentIds: [] },
    async (batch) => {
      await persistRequirementBatch({ orderId, requirementId, scope, ...batch });
    },
    effects,
  );

  for (const [type, update] of Object.entries(requirementUpdates)) {
    setHandler(update, (command: CommandInput<RequirementCommand>) => runner.execute(command), {
      validator: (command: CommandInput<RequirementCommand>) => {
        if (command.command.type !== type)
          throw new TypeError(`${type} update carries a ${command.command.type}`);
        runner.validate(command);
      },
    });
  }
  setHandler(requirementViewQuery, () => runner.view());
  setHandler(orderToRequirementSignal, ({ id, message }) =>
    runner.receive(
      id,
      { type: 'ApplyOrderMessage', requirementId, message },
      { sub: orderWorkflowId(orderId), role: 'system', org: 'system' },
    ),
  );

  // The sentence already checked these terms (checkImposition); a refusal here fails the run, loudly.
  if (!input.carried) {
    await runner.execute({
      commandId: `impose/${requirementId}`,
      actor: SYSTEM_ACTOR,
      command: { type: 'Impose', imposition },
    });
  }

  return runUntilEnded(runner, historyLimit, (carried) =>
    continueAsNew<typeof requirementWorkflow>({ ...input, carried }),
  );
}
