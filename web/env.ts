import type { ApiDeps, AccessRecord, Principal, Refusal } from '../api/env';
import type { PdfRenderer } from './pdf/renderer';

/** How people sign in: an OpenID Connect provider, or (development) the local issuer's pick-a-role page. */
export type SignIn =
  { kind: 'local' } | { kind: 'oidc'; issuer: string; clientId: string; clientSecret: string | undefined };

export interface WebDeps extends ApiDeps {
  signIn: SignIn;
  /** A session unused for this long is over. */
  sessionIdleMs: number;
  /** Makes the review report's PDF. */
  pdf: PdfRenderer;
}

export interface WebEnv {
  Variables: {
    requestId: string;
    /** The script nonce of this response's Content-Security-Policy. */
    cspNonce: string;
    /** Who is signed in, on pages that need it. */
    principal: Principal;
    /** The signed-in session's CSRF token, put in every form. */
    csrfToken: string;
    /** What this page showed or wrote, for the access log. */
    accessed: AccessRecord[];
    /** Set when the page refuses the request: for the security log. */
    refusal: Refusal | undefined;
  };
}
