/**
 * The signature status of a report referrer's bytes: a DSSE envelope (bare, or in the Sigstore bundle
 * cosign 3 writes) verified by a trusted signer *for this image*, one nobody trusted signed, or unsigned.
 */
import { envelopeOf, type ReportSignature } from '@gated/shared';
import type { SignatureVerifier } from './dsse-verify.js';

function recordOf(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

/** The sha256 digests a signed in-toto statement names as its subjects. */
function statementSubjects(payload: unknown): string[] {
  if (typeof payload !== 'string') return [];
  let statement: unknown;
  try {
    statement = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
  } catch {
    return [];
  }
  const subjects = recordOf(statement)?.subject;
  return (Array.isArray(subjects) ? subjects : []).flatMap((s) => {
    const hex = recordOf(recordOf(s)?.digest)?.sha256;
    return typeof hex === 'string' ? [`sha256:${hex.toLowerCase()}`] : [];
  });
}

/** Whether the parsed bytes are a DSSE envelope (so a cosign simple signature is not looked for). */
export function isEnvelope(doc: unknown): boolean {
  return typeof recordOf(envelopeOf(doc))?.payloadType === 'string';
}

/**
 * `subjects` are the digests the referrer was found for (the image, and its platform manifest). A signature
 * over a statement about another image does not vouch for this one: copying a signed clean attestation
 * onto a vulnerable image must not pass a rule requiring signed findings.
 */
export function signatureOfReferrer(
  doc: unknown,
  verifier: SignatureVerifier | undefined,
  subjects: readonly string[],
): ReportSignature {
  const env = recordOf(envelopeOf(doc));
  if (!env || typeof env.payloadType !== 'string')
    return { status: 'unsigned', detail: 'the report is not a signed envelope (DSSE)' };
  if (!verifier?.hasSigners())
    return { status: 'untrusted', detail: 'no trusted signers are configured' };
  const signature = verifier.verifyEnvelope(env);
  if (signature.status !== 'verified') return signature;
  const named = statementSubjects(env.payload);
  if (named.some((d) => subjects.includes(d))) return signature;
  return {
    status: 'untrusted',
    detail: `signed by ${signature.signer ?? 'a trusted signer'} for ${named[0] ?? 'no image digest'}, not for this image`,
  };
}
