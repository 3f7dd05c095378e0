import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

/** The session's cookie (`__Host-cstr-session` but on loopback). */
export const SESSION_COOKIE = 'cstr-session';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Cookies are `__Host-` (Secure, whole site, this host only) everywhere but on this machine's loopback over
 * plain http in development, where a browser would refuse a Secure cookie: there they lose the prefix.
 */
function onLoopback(c: Context): boolean {
  const url = new URL(c.req.url);
  return url.protocol === 'http:' && LOOPBACK.has(url.hostname);
}

export const cookieName = (c: Context, name: string) => (onLoopback(c) ? name : `__Host-${name}`);

export function setHostCookie(c: Context, name: string, value: string, maxAgeSeconds?: number) {
  setCookie(c, cookieName(c, name), value, {
    path: '/',
    httpOnly: true,
    secure: !onLoopback(c),
    sameSite: 'Lax',
    ...(maxAgeSeconds ? { maxAge: maxAgeSeconds } : {}),
  });
}

export const readHostCookie = (c: Context, name: string) => getCookie(c, cookieName(c, name));

export function clearHostCookie(c: Context, name: string) {
  deleteCookie(c, cookieName(c, name), { path: '/', secure: !onLoopback(c) });
}
