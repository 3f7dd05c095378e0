import type { ServerType } from '@hono/node-server';
import { closeServer, listen } from '../../../app/server';
import { createWeb } from '../../../web/app';
import { createPdfRenderer } from '../../../web/pdf/renderer';
import { ROLE_NAMES, type SignInRole } from '../../../web/sign-in/local';
import type { ApiHarness } from '../../api/harness';
import { CHROMIUM, type Session, visit } from './browser';

/** The API harness's app with the pages mounted on it, as app/main.ts mounts them, listening on a free port. */
export async function servePages(h: ApiHarness): Promise<{ baseURL: string; close(): Promise<void> }> {
  // The browser is launched only if a test asks for a PDF.
  const pdf = createPdfRenderer({ executablePath: CHROMIUM });
  h.api.route('/', createWeb({ ...h.deps, signIn: { kind: 'local' }, sessionIdleMs: 30 * 60_000, pdf }));
  const { server, port }: { server: ServerType; port: number } = await listen(h.api.fetch, 0, '127.0.0.1');
  return {
    baseURL: `http://127.0.0.1:${port}`,
    close: async () => {
      await closeServer(server, 1_000);
      await pdf.close();
    },
  };
}

/** Signs in on the development sign-in page as a role at an organisation; lands on the worklist (a commissioner on the KPIs). */
export async function signIn(session: Session, role: SignInRole, org: string): Promise<void> {
  const page = await visit(session, '/sign-in');
  await page.getByRole('radio', { name: ROLE_NAMES[role], exact: true }).check();
  await page.getByLabel('Organisation code').fill(org);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const home = role === 'commissioner' ? '/kpis' : '/';
  await page.waitForURL((url) => url.pathname === home);
}
