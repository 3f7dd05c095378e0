import type { Context } from 'hono';
import { isDatabaseUnavailable } from '../../db/pool';
import { ProblemError } from '../../api/problem';
import type { WebDeps, WebEnv } from '../env';
import { render } from '../render';

/**
 * What a page answers when something failed: GOV.UK's "Sorry, the service is unavailable" when the database
 * or the engine did not answer (503, to try again), else "Sorry, there is a problem with the service" (500,
 * reported as the API reports its own: the error's class and the request id, never data).
 */
export function pageError(deps: Pick<WebDeps, 'onUnexpectedError'>) {
  return (error: Error, c: Context<WebEnv>) => {
    const unavailable =
      isDatabaseUnavailable(error) || (error instanceof ProblemError && error.status === 503);
    if (!unavailable) deps.onUnexpectedError?.(error, c.get('requestId'));
    return render(
      c,
      'problem.njk',
      unavailable
        ? { title: 'Sorry, the service is unavailable', advice: 'Try again in a few minutes.' }
        : { title: 'Sorry, there is a problem with the service', advice: 'Try again later.' },
      unavailable ? 503 : 500,
    );
  };
}
