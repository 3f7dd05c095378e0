import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header a subscriber checks: `sha256=<hex HMAC-SHA256 of the exact body with its secret>`. */
export const SIGNATURE_HEADER = 'X-CSTR-Signature';
/** Receivers de-duplicate on this: a notification may arrive more than once. */
export const NOTIFICATION_ID_HEADER = 'X-CSTR-Notification-Id';

export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export function verifySignature(body: string, secret: string, header: string | null | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signBody(body, secret));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
