import { OpenAPIHono } from '@hono/zod-openapi';
import type { OrderCommand } from '../../domain/order';
import { orderUpdates } from '../../workflows/messages';
import type { ApiDeps } from '../env';
import { refuse } from '../middleware/security-log';
import { validationHook } from '../openapi-shared';
import { problems } from '../problem';
import { answerStatus, commandAnswer } from './answer';
import { openCase } from './catalogue';
import { commandInput } from './command-input';
import { type CommandEnv, commandRoute } from './command-route';
import { openOrder } from './send';

/**
 * `POST /v1/orders`: a court assessor opens a case at its own court: the case's order workflow is started with
 * the OpenCase command in one call.
 */
export function openCaseHandler(deps: ApiDeps) {
  const app = new OpenAPIHono<CommandEnv>({ defaultHook: validationHook as never });
  app.openapi(commandRoute(openCase, deps), async (c) => {
    const principal = c.get('principal');
    const input = await commandInput(c, openCase);
    const command = input.command as Extract<OrderCommand, { type: 'OpenCase' }>;
    const court = command.court.code;
    if (court !== principal.org) {
      throw refuse(
        c,
        { reason: 'out-of-scope', resourceType: 'court', resourceId: court },
        problems.forbidden('A court assessor opens cases at its own court only.'),
      );
    }
    const { orderId } = command;
    const opened = await openOrder(
      deps.temporal,
      orderId,
      deps.config,
      orderUpdates.OpenCase,
      { ...input, command },
      deps.commandTimeoutMs,
    );
    c.get('accessed').push({ action: 'WRITE', resourceType: 'order', resourceId: orderId, orderId });
    const answer = await commandAnswer(deps.db, principal, openCase, {
      orderId,
      requirementId: null,
      command,
      answer: opened,
    });
    return c.json(answer, answerStatus(openCase));
  });
  return app;
}
