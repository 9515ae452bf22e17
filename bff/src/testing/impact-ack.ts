/**
 * Tests that write rules send the impact acknowledgement an admin gives after the preview, the
 * token `POST /rules/preview` answers for the draft (computed here with the same function, so
 * the suites need no extra round trip). A test that checks the refusal passes its own
 * `impact-acknowledged` header (an empty one sends none).
 */
import { IMPACT_ACK_HEADER, RuleInputSchema } from '@gated/shared';
import { impactToken } from '../modules/rules/impact-acknowledgement.js';

const RULE_WRITE = /^\/rules(\/[^/?]+)?$/;

export function withImpactAcknowledgement(
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string>,
): Record<string, string> {
  if (IMPACT_ACK_HEADER in headers) {
    if (headers[IMPACT_ACK_HEADER]) return headers;
    const { [IMPACT_ACK_HEADER]: _none, ...rest } = headers;
    return rest;
  }
  const writes = (method === 'POST' && path === '/rules') || method === 'PUT';
  if (!writes || !RULE_WRITE.test(path) || typeof body !== 'object' || body === null)
    return headers;
  const parsed = RuleInputSchema.safeParse(body);
  return parsed.success ? { ...headers, [IMPACT_ACK_HEADER]: impactToken(parsed.data) } : headers;
}

/** The acknowledgement header for a rule draft, for tests that write rules over raw HTTP. */
export function impactAcknowledgementFor(draft: unknown): Record<string, string> {
  return { [IMPACT_ACK_HEADER]: impactToken(RuleInputSchema.parse(draft)) };
}
