/** The answer's JSON text: the allow fast path is byte for byte what JSON.stringify would write. */
import type { AdmissionResponse } from '@gated/shared';
import { describe, expect, it } from 'vitest';
import { allow, deny, encodeReview, reviewText, warn } from './review.js';

const responses: AdmissionResponse[] = [
  allow('bench-0001'),
  allow('a "quoted" \\ uid\n\u2028 ünïcode'),
  allow(''),
  deny('u1', 'denied by rule "x"'),
  deny('u2', 'unreadable', 400),
  warn('u3', ['one', 'two'], { 'gated.io/event-id': 'e1' }),
  warn('u4', []),
  { allowed: true, uid: 'keys in another order' },
  { uid: 'not allowed', allowed: false },
];

describe('reviewText', () => {
  it.each(responses.map((r) => [r.uid, r] as const))('writes %j as encodeReview would', (_, r) => {
    expect(reviewText(r)).toBe(JSON.stringify(encodeReview(r)));
  });
});
