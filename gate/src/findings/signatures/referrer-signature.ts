/** The signature status of a report referrer's bytes: verified DSSE, a DSSE nobody trusted signed, or unsigned. */
import type { ReportSignature } from '@gated/shared';
import type { SignatureVerifier } from './dsse-verify.js';

export function signatureOfReferrer(
  bytes: Uint8Array | string,
  verifier: SignatureVerifier | undefined,
): ReportSignature {
  let doc: unknown;
  try {
    // Already decoded once by the parser, which refused anything that is not UTF-8 JSON.
    doc = JSON.parse(typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8'));
  } catch {
    return { status: 'unsigned', detail: 'not JSON' };
  }
  const env = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>) : {};
  if (typeof env.payloadType !== 'string')
    return { status: 'unsigned', detail: 'the report is not a signed envelope (DSSE)' };
  if (!verifier) return { status: 'untrusted', detail: 'no trusted signers are configured' };
  return verifier.verifyEnvelope(doc);
}
