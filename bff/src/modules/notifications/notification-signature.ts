/**
 * HMAC of a generic delivery: `X-Gated-Signature: sha256=<hex>` over `<timestamp>.<raw body>`, with
 * the timestamp (Unix seconds) in `X-Gated-Timestamp`. Signing the timestamp with the body is what
 * lets a receiver refuse a replayed message (docs/decisions/100-notifications.md).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signDelivery(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** A receiver's check (used by the tests and documented for operators): signature and freshness. */
export function verifyDelivery(
  secret: string,
  headers: { signature: string | undefined; timestamp: string | undefined },
  body: string,
  nowMs: number,
  toleranceSeconds = 300,
): boolean {
  const ts = Number(headers.timestamp);
  if (!headers.signature || !Number.isInteger(ts)) return false;
  if (Math.abs(nowMs / 1000 - ts) > toleranceSeconds) return false;
  const expected = Buffer.from(signDelivery(secret, ts, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
