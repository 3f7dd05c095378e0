import type { UpdateDefinition } from '@temporalio/common';
import {
  type CommandInput,
  type SentCommand,
  orderUpdates,
  orderWorkflowId,
  requirementUpdates,
  requirementWorkflowId,
  withoutRequirement,
} from '../../workflows/messages';
import type { PartyRequirementCommand } from '../../domain/requirement';
import type { ApiDeps, Principal } from '../env';
import type { ResolvedTarget } from '../middleware/authorize';
import { ProblemError } from '../problem';
import { commandAnswer } from './answer';
import type { CommandRoute } from './catalogue';
import { sendCommand } from './send';

type Update = UpdateDefinition<unknown, [SentCommand<unknown>]>;

/**
 * The workflow a command goes to and the Update it is sent as, given the object its path named. A requirement
 * takes commands once imposed; before sentence the order's workflow takes them for it.
 */
function destination(
  def: CommandRoute,
  target: ResolvedTarget,
): { workflowId: string; update: Update; toRequirement: boolean } {
  if (def.target === 'requirement') {
    if (target.stage !== 'SENTENCED') {
      throw new ProblemError(
        409,
        'not-sentenced',
        'Not sentenced yet',
        'This requirement has not been imposed yet.',
      );
    }
    return {
      workflowId: requirementWorkflowId(target.orderId, target.requirementId!),
      update: requirementUpdates[def.command as keyof typeof requirementUpdates],
      toRequirement: true,
    };
  }
  if (def.target === 'order-via-requirement' && target.stage !== 'PRE_SENTENCE') {
    throw new ProblemError(
      409,
      'already-sentenced',
      'Already sentenced',
      'This step belongs before sentence.',
    );
  }
  return {
    workflowId: orderWorkflowId(target.orderId),
    update: orderUpdates[def.command as keyof typeof orderUpdates],
    toRequirement: false,
  };
}

/**
 * Sends a command to a running workflow (the object it names already found and in the caller's scope) and
 * answers with what it wrote, as the caller's role may see it. The API's routes and the pages' forms both
 * send commands through here; a refusal is a ProblemError.
 */
export async function runCommand(
  deps: Pick<ApiDeps, 'db' | 'temporal' | 'commandTimeoutMs'>,
  principal: Principal,
  def: CommandRoute,
  target: ResolvedTarget,
  input: CommandInput<unknown>,
) {
  const { workflowId, update, toRequirement } = destination(def, target);
  // A requirement's workflow knows its own id: the Update leaves it out of the command.
  const sent = toRequirement
    ? { ...input, command: withoutRequirement(input.command as PartyRequirementCommand) }
    : input;
  const answer = await sendCommand(deps.temporal, workflowId, update, sent, deps.commandTimeoutMs);
  return commandAnswer(deps.db, principal, def, {
    orderId: target.orderId,
    requirementId: def.target === 'requirement' ? target.requirementId : null,
    command: input.command as Record<string, unknown>,
    answer,
  });
}
