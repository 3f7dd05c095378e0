import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { principalOf } from '../../api/auth/verify';
import { CaseRole, type Role } from '../../domain/primitives';
import type { WebDeps, WebEnv } from '../env';
import { render } from '../render';
import { refusePage } from '../security-log';
import { clearHostCookie, readHostCookie, setHostCookie } from '../session/cookie';
import { SESSION_COOKIE, sameToken } from '../session/middleware';
import { startSession } from '../session/store';
import { safeReturnTo } from './return-to';

const FORM_COOKIE = 'cstr-sign-in';

/**
 * The roles one may sign in as: the parties to a case, a commissioner (an NHS region code or NATIONAL) and
 * data protection (who sees no page of cases: subject access is the API's).
 */
const SIGN_IN_ROLES = [
  ...CaseRole.options,
  'commissioner',
  'data-protection',
] as const satisfies readonly Role[];
export type SignInRole = (typeof SIGN_IN_ROLES)[number];

/** Each role as the sign-in page names it. */
export const ROLE_NAMES: Record<SignInRole, string> = {
  'court-assessor': 'Court assessor',
  court: 'Court',
  provider: 'Treatment provider',
  probation: 'Probation (responsible officer)',
  enforcement: 'Enforcement officer',
  commissioner: 'Commissioner (NHS England region, or NATIONAL)',
  'data-protection': 'Data protection (requests for a person’s records)',
};

interface SignInForm {
  role?: string;
  org?: string;
}

/**
 * Development sign-in with the local issuer: choose a role, type an organisation code. The form carries a
 * token that must match a cookie set with it (there is no session yet to hold a CSRF token).
 */
export function localSignIn(deps: WebDeps) {
  const app = new Hono<WebEnv>();
  const show = (
    c: Parameters<typeof render>[0],
    values: SignInForm,
    errors: { field: string; text: string }[],
  ) => {
    const formToken = randomBytes(24).toString('base64url');
    setHostCookie(c, FORM_COOKIE, formToken, 1800);
    return render(
      c,
      'sign-in.njk',
      {
        values,
        errors,
        formToken,
        returnTo: safeReturnTo(c.req.query('returnTo')),
        roles: SIGN_IN_ROLES.map((value) => ({
          value,
          text: ROLE_NAMES[value],
          checked: values.role === value,
        })),
      },
      errors.length > 0 ? 400 : 200,
    );
  };

  app.get('/sign-in', (c) => show(c, {}, []));
  app.post('/sign-in', async (c) => {
    const form = await c.req.parseBody();
    const expected = readHostCookie(c, FORM_COOKIE);
    if (!expected || !sameToken(form.formToken, expected)) {
      refusePage(c, { reason: 'csrf-rejected' });
      return c.text('The form has expired. Go back and try again.', 403);
    }
    const field = (name: string) => (typeof form[name] === 'string' ? form[name] : '');
    const values = { role: field('role'), org: field('org').trim() };
    const errors: { field: string; text: string }[] = [];
    if (!SIGN_IN_ROLES.some((role) => role === values.role))
      errors.push({ field: 'role', text: 'Select your role' });
    if (!values.org) errors.push({ field: 'org', text: 'Enter your organisation code' });
    else if (!/^[A-Za-z0-9-]{1,60}$/.test(values.org))
      errors.push({ field: 'org', text: 'Organisation code must be letters, numbers and hyphens only' });
    const principal = errors.length === 0 ? principalOf({ sub: `${values.role}-web`, ...values }) : null;
    if (!principal) return show(c, values, errors);
    const { sessionId } = await startSession(deps.db, principal, deps.sessionIdleMs);
    clearHostCookie(c, FORM_COOKIE);
    setHostCookie(c, SESSION_COOKIE, sessionId);
    return c.redirect(safeReturnTo(form.returnTo), 303);
  });
  return app;
}
