import type { Context } from 'hono';
import type { CommandRoute } from '../../api/commands/catalogue';
import { commandInputOf } from '../../api/commands/command-input';
import { runCommand } from '../../api/commands/run';
import { commandSeed, requestFingerprint } from '../../api/middleware/idempotency';
import { ProblemError } from '../../api/problem';
import type { WebDeps, WebEnv } from '../env';
import type { FieldError } from './fields';

/** The order or requirement a page acts on, found in the caller's scope (api/middleware/authorize). */
export interface PageTarget {
  id: string;
  orderId: string;
  stage: 'PRE_SENTENCE' | 'SENTENCED' | null;
}

/** The command id a page's one-time form token makes for a body sent to an API path, as its Idempotency-Key would. */
export function formSeed(c: Context<WebEnv>, formToken: string, apiPath: string, body: unknown): string {
  const p = c.get('principal');
  return commandSeed(p.clientId, formToken, requestFingerprint('POST', apiPath, JSON.stringify(body)));
}

/**
 * Sends a page's command as the API's route would (same command id from the form token, scope, disclosure and
 * access log): the domain's refusal, or anything else the API answers 4xx, comes back as a ProblemError to
 * show on the form; null once it is applied.
 */
export async function sendFromPage(
  c: Context<WebEnv>,
  deps: WebDeps,
  def: CommandRoute,
  target: PageTarget,
  formToken: string,
  body: Record<string, unknown>,
): Promise<ProblemError | null> {
  const p = c.get('principal');
  const resource = def.path.startsWith('/v1/requirements/') ? 'requirement' : 'order';
  const params = c.req.param() as Record<string, string>;
  const apiPath = def.path.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
  // As in the API, the attempt is logged once sent, whether the domain takes it or refuses it.
  c.get('accessed').push({
    action: 'WRITE',
    resourceType: resource,
    resourceId: target.id,
    orderId: target.orderId,
  });
  try {
    const input = commandInputOf(p, formSeed(c, formToken, apiPath, body), def, params, body);
    await runCommand(
      deps,
      p,
      def,
      {
        orderId: target.orderId,
        requirementId: resource === 'requirement' ? target.id : null,
        stage: target.stage,
      },
      input,
    );
    return null;
  } catch (error) {
    if (error instanceof ProblemError && error.status < 500) return error;
    throw error;
  }
}

/**
 * A refusal as a form's errors: each pointer (`/body/…`) on the field `fieldOf` names for it, else the whole
 * refusal on the form's first question.
 */
export function problemErrors(
  problem: ProblemError,
  fieldOf: (pointer: string) => { field: string; href: string } | undefined,
  first: { field: string; href: string },
): FieldError[] {
  const pointed = problem.errors.flatMap((e) => {
    const found = fieldOf(e.pointer.replace(/^\/body/, ''));
    return found ? [{ ...found, text: e.detail }] : [];
  });
  if (pointed.length > 0) return pointed;
  return [{ ...first, text: problem.detail ?? problem.title }];
}

/** A one-time form token as the pages make them (a UUID), or null for anything else. */
export const formTokenOf = (posted: Record<string, unknown>) =>
  typeof posted.formToken === 'string' && /^[A-Za-z0-9-]{8,200}$/.test(posted.formToken)
    ? posted.formToken
    : null;
