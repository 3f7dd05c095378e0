import type { Instant } from '../../domain/calendar';
import type { RequirementImposition } from '../../domain/links';
import { impositionsFor, isOrderTerminal } from '../../domain/order';
import { isRequirementTerminal } from '../../domain/requirement';
import type { OrderWorkflowInput } from '../../workflows/order';
import { orderWorkflowId, requirementWorkflowId } from '../../workflows/messages';
import type { RequirementWorkflowInput } from '../../workflows/requirement';
import { foldStreams, streamsOf } from '../data/fold';
import { deterministicUuid } from '../data/prng';
import type { OrderLife, Step } from '../data/records';
import { cutAt } from '../data/snapshot';

/** As many command ids as a run remembers (aggregate.ts RECENT_IDS_KEPT). */
const RECENT_IDS_KEPT = 1_000;
const COMMAND_ID_BASE = 2 ** 46;

/** One order as it stands at an instant, as the inputs that start its workflows from a carried state. */
export interface OpenOrder {
  orderId: string;
  order: { workflowId: string; input: OrderWorkflowInput };
  requirements: { workflowId: string; input: RequirementWorkflowInput }[];
  /** Requirements that had ended by then: their workflows have completed, so none is started. */
  ended: number;
}

/**
 * The ids of the commands an aggregate applied (one per command step, messages included): a run remembers
 * them to apply a retried command once, so they are part of what it holds in memory.
 */
function recentIds(life: OrderLife, steps: readonly Step[]): string[] {
  return steps.map((_, n) => deterministicUuid(life.index + 1, COMMAND_ID_BASE + n)).slice(-RECENT_IDS_KEPT);
}

/**
 * An order's life cut at `at` and folded: the order workflow's input and one requirement workflow input per
 * requirement still running, each carried as continue-as-new would hand it over. Null if the order had ended.
 */
export function openOrderAt(life: OrderLife, at: Instant): OpenOrder | null {
  const cut = cutAt(life, at);
  const streams = streamsOf(cut);
  const folded = foldStreams(streams);
  if (isOrderTerminal(folded.order)) return null;
  const { orderId } = cut;
  const impositions = new Map<string, RequirementImposition>(
    streams.order.flatMap(impositionsFor).map((i) => [i.requirementId, i]),
  );
  const orderSteps = cut.steps.filter((s) => s.kind === 'order-command');
  const requirements: OpenOrder['requirements'] = [];
  let ended = 0;
  for (const [requirementId, state] of folded.requirements) {
    if (isRequirementTerminal(state)) {
      ended++;
      continue;
    }
    const imposition = impositions.get(requirementId);
    if (!imposition) throw new Error(`order ${orderId}: requirement ${requirementId} was never imposed`);
    const steps = cut.steps.filter(
      (s) => s.kind === 'requirement-command' && s.requirementId === requirementId,
    );
    requirements.push({
      workflowId: requirementWorkflowId(orderId, requirementId),
      input: {
        imposition,
        carried: {
          state,
          version: streams.requirements.get(requirementId)?.length ?? 0,
          recentIds: recentIds(life, steps),
        },
      },
    });
  }
  return {
    orderId,
    order: {
      workflowId: orderWorkflowId(orderId),
      input: {
        orderId,
        carried: {
          state: folded.order,
          version: streams.order.length,
          recentIds: recentIds(life, orderSteps),
        },
      },
    },
    requirements,
    ended,
  };
}
