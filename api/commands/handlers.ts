import { OpenAPIHono } from '@hono/zod-openapi';
import type { UpdateDefinition } from '@temporalio/common';
import {
  type CommandInput,
  orderUpdates,
  orderWorkflowId,
  requirementUpdates,
  requirementWorkflowId,
} from '../../workflows/messages';
import type { ApiDeps } from '../env';
import type { ResolvedTarget } from '../middleware/authorize';
import { validationHook } from '../openapi-shared';
import { ProblemError } from '../problem';
import { answerStatus, commandAnswer } from './answer';
import { type CommandRoute, workflowCommands } from './catalogue';
import { commandInput } from './command-input';
import { type CommandEnv, commandRoute } from './command-route';
import { sendCommand } from './send';

type Update = UpdateDefinition<unknown, [CommandInput<unknown>]>;

/**
 * The workflow a command goes to and the Update it is sent as, given the object its path named. A requirement
 * takes commands once imposed; before sentence the order's workflow takes them for it.
 */
function destination(def: CommandRoute, target: ResolvedTarget): { workflowId: string; update: Update } {
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
  };
}

/** One route per command to a running workflow: authorise, make it idempotent, send it, answer with the new state. */
export function commandHandlers(deps: ApiDeps) {
  const app = new OpenAPIHono<CommandEnv>({ defaultHook: validationHook as never });
  for (const def of workflowCommands as readonly CommandRoute[]) {
    const resource = def.target === 'order' ? 'order' : 'requirement';
    app.openapi(commandRoute(def, deps, resource), async (c) => {
      const input = await commandInput(c, def);
      const target = c.get('target');
      const { workflowId, update } = destination(def, target);
      const view = await sendCommand(deps.temporal, workflowId, update, input, deps.commandTimeoutMs);
      const answer = await commandAnswer(deps.db, c.get('principal'), def, {
        orderId: target.orderId,
        command: input.command,
        view,
      });
      return c.json(answer, answerStatus(def));
    });
  }
  return app;
}
