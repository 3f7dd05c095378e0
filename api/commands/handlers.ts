import { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from '../env';
import { validationHook } from '../openapi-shared';
import { answerStatus } from './answer';
import { type CommandRoute, workflowCommands } from './catalogue';
import { commandInput } from './command-input';
import { type CommandEnv, commandRoute } from './command-route';
import { runCommand } from './run';

/** One route per command to a running workflow: authorise, make it idempotent, send it, answer with the new state. */
export function commandHandlers(deps: ApiDeps) {
  const app = new OpenAPIHono<CommandEnv>({ defaultHook: validationHook as never });
  for (const def of workflowCommands as readonly CommandRoute[]) {
    const resource = def.target === 'order' ? 'order' : 'requirement';
    app.openapi(commandRoute(def, deps, resource), async (c) => {
      const input = await commandInput(c, def);
      const answer = await runCommand(deps, c.get('principal'), def, c.get('target'), input);
      return c.json(answer, answerStatus(def));
    });
  }
  return app;
}
