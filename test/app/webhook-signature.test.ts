import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SIGNATURE_TOLERANCE_SECONDS, signBody, verifySignature } from '../../app/webhook-signature';

/** Issue 19: the signature covers a timestamp with the body, so that a receiver can refuse replays. */

const SECRET = 'signature-test-secret-0123456789';
const BODY = '{"id":"n-1","kind":"ASSESSMENT_REQUESTED"}';
const SENT = new Date('2026-12-01T10:00:00.000Z');
const seconds = (s: number) => new Date(SENT.getTime() + s * 1_000);

describe('webhook signature', () => {
  it('is t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">', () => {
    const t = SENT.getTime() / 1_000;
    const expected = createHmac('sha256', SECRET).update(`${t}.${BODY}`).digest('hex');
    expect(signBody(BODY, SECRET, SENT)).toBe(`t=${t},v1=${expected}`);
  });

  it('verifies within the tolerance and refuses a replay outside it, either way', () => {
    const header = signBody(BODY, SECRET, SENT);
    expect(verifySignature(BODY, SECRET, header, { now: SENT })).toBe(true);
    expect(verifySignature(BODY, SECRET, header, { now: seconds(SIGNATURE_TOLERANCE_SECONDS) })).toBe(true);
    expect(verifySignature(BODY, SECRET, header, { now: seconds(SIGNATURE_TOLERANCE_SECONDS + 1) })).toBe(
      false,
    );
    expect(verifySignature(BODY, SECRET, header, { now: seconds(-SIGNATURE_TOLERANCE_SECONDS - 1) })).toBe(
      false,
    );
  });

  it('refuses another body, another secret, a moved time and malformed headers', () => {
    const header = signBody(BODY, SECRET, SENT);
    const now = { now: SENT };
    expect(verifySignature(BODY.replace('n-1', 'n-2'), SECRET, header, now)).toBe(false);
    expect(verifySignature(BODY, `${SECRET}x`, header, now)).toBe(false);
    const moved = header.replace(/^t=(\d+)/, (_, t: string) => `t=${Number(t) + 60}`);
    expect(verifySignature(BODY, SECRET, moved, { now: seconds(60) })).toBe(false);
    for (const bad of [undefined, '', 'sha256=abc', header.split(',')[1], `${header},t=1`, 'v1=,t=']) {
      expect(verifySignature(BODY, SECRET, bad, now), String(bad)).toBe(false);
    }
  });

  it('accepts any one of several v1 values, as while a secret is rotated', () => {
    const header = signBody(BODY, SECRET, SENT);
    const other = signBody(BODY, 'the-other-secret-0123456789', SENT).split(',')[1];
    expect(verifySignature(BODY, SECRET, `${header},${other}`, { now: SENT })).toBe(true);
  });
});
