import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The header a subscriber checks: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with its secret>`.
 * The time is signed with the body, so a receiver can refuse a captured message replayed later.
 */
export const SIGNATURE_HEADER = 'X-CSTR-Signature';
/** Receivers de-duplicate on this: a notification may arrive more than once. */
export const NOTIFICATION_ID_HEADER = 'X-CSTR-Notification-Id';
/** How far a receiver should let the signed time differ from its own clock (README: Notifications). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

function hmac(secret: string, t: number, body: string): string {
  return createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex');
}

export function signBody(body: string, secret: string, at: Date = new Date()): string {
  const t = Math.floor(at.getTime() / 1_000);
  return `t=${t},v1=${hmac(secret, t, body)}`;
}

/**
 * What a receiver does: true only when the header's time is within the tolerance of `now` and one of its
 * `v1` values is the HMAC of that time and the exact body with the secret.
 */
export function verifySignature(
  body: string,
  secret: string,
  header: string | null | undefined,
  { now = new Date(), toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS } = {},
): boolean {
  if (!header) return false;
  const parts = header.split(',').map((part) => part.trim().split('='));
  const times = parts.filter(([k, v]) => k === 't' && /^\d{1,12}$/.test(v ?? '')).map(([, v]) => Number(v));
  if (times.length !== 1) return false;
  const t = times[0]!;
  if (Math.abs(now.getTime() / 1_000 - t) > toleranceSeconds) return false;
  const expected = Buffer.from(hmac(secret, t, body), 'hex');
  return parts.some(([k, v]) => {
    if (k !== 'v1' || !/^[0-9a-f]{64}$/.test(v ?? '')) return false;
    return timingSafeEqual(expected, Buffer.from(v!, 'hex'));
  });
}
