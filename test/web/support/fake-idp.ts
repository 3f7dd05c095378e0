import { createHash, randomBytes } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';

export interface IdpUser {
  sub: string;
  role: string;
  org: string;
}

interface PendingCode {
  user: IdpUser;
  challenge: string;
  redirectUri: string;
  nonce: string | undefined;
}

/**
 * An OpenID Connect identity provider in the test's process, over plain http on loopback: discovery, JWKS,
 * an authorization endpoint that signs in `nextUser` at once and redirects back with a code, and a token
 * endpoint that checks the client's secret, the code (once), the redirect URI and the PKCE verifier against
 * the challenge, then issues an ID token and an access token (RS256) with the API's `role` and `org` claims.
 * `refusals` lists what the token endpoint refused; `idTokenNonce` makes it answer with another nonce.
 */
export async function startFakeIdp(client: { clientId: string; clientSecret: string; audience: string }) {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'fake-1', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, PendingCode>();
  const idp = {
    issuer: '',
    nextUser: { sub: 'officer-1', role: 'probation', org: 'N07LDN' },
    idTokenNonce: undefined as string | undefined,
    refusals: [] as string[],
    /** The last access token issued, for the API. */
    lastAccessToken: '',
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  const sign = (claims: Record<string, unknown>, audience: string) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: jwk.kid })
      .setIssuer(idp.issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(privateKey);

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  const refuse = (res: ServerResponse, error: string, why: string) => {
    idp.refusals.push(why);
    json(res, error === 'invalid_client' ? 401 : 400, { error, error_description: why });
  };

  async function token(req: IncomingMessage, res: ServerResponse) {
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    const form = new URLSearchParams(raw);
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const [id, secret] = basic
      ? Buffer.from(basic, 'base64').toString().split(':').map(decodeURIComponent)
      : [form.get('client_id'), form.get('client_secret')];
    if (id !== client.clientId || secret !== client.clientSecret)
      return refuse(res, 'invalid_client', 'client authentication failed');
    if (form.get('grant_type') !== 'authorization_code')
      return refuse(res, 'unsupported_grant_type', 'not a code');
    const code = codes.get(form.get('code') ?? '');
    codes.delete(form.get('code') ?? '');
    if (!code) return refuse(res, 'invalid_grant', 'unknown or used code');
    if (form.get('redirect_uri') !== code.redirectUri)
      return refuse(res, 'invalid_grant', 'redirect_uri differs');
    const verifier = form.get('code_verifier') ?? '';
    if (createHash('sha256').update(verifier).digest('base64url') !== code.challenge)
      return refuse(res, 'invalid_grant', 'PKCE verifier does not match the challenge');
    const { sub, role, org } = code.user;
    const nonce = idp.idTokenNonce ?? code.nonce;
    idp.lastAccessToken = await sign({ sub, role, org }, client.audience);
    json(res, 200, {
      token_type: 'Bearer',
      expires_in: 600,
      access_token: idp.lastAccessToken,
      id_token: await sign({ sub, role, org, ...(nonce ? { nonce } : {}) }, client.clientId),
    });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', idp.issuer);
    const path = url.pathname.replace(/^\/idp/, '');
    if (path === '/.well-known/openid-configuration')
      return json(res, 200, {
        issuer: idp.issuer,
        authorization_endpoint: `${idp.issuer}/authorize`,
        token_endpoint: `${idp.issuer}/token`,
        jwks_uri: `${idp.issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      });
    if (path === '/jwks') return json(res, 200, { keys: [jwk] });
    if (path === '/authorize') {
      const q = url.searchParams;
      const redirectUri = q.get('redirect_uri') ?? '';
      if (
        q.get('client_id') !== client.clientId ||
        q.get('response_type') !== 'code' ||
        q.get('code_challenge_method') !== 'S256' ||
        !q.get('code_challenge')
      )
        return json(res, 400, { error: 'invalid_request' });
      const code = randomBytes(16).toString('base64url');
      codes.set(code, {
        user: idp.nextUser,
        challenge: q.get('code_challenge')!,
        redirectUri,
        nonce: q.get('nonce') ?? undefined,
      });
      const back = new URL(redirectUri);
      back.searchParams.set('code', code);
      if (q.get('state')) back.searchParams.set('state', q.get('state')!);
      res.writeHead(302, { Location: back.href });
      return res.end();
    }
    if (path === '/token' && req.method === 'POST') return void token(req, res);
    json(res, 404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // Under a path, as many providers are: `new URL(issuer).href` is then the issuer as discovery states it.
  idp.issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/idp`;
  return idp;
}

export type FakeIdp = Awaited<ReturnType<typeof startFakeIdp>>;
