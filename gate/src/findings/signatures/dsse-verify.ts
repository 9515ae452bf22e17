/**
 * Verifies DSSE envelopes (what `cosign attest` pushes) against trusted public keys: ECDSA P-256 (cosign's
 * default key type), Ed25519 and RSA (PKCS#1 v1.5 or PSS, SHA-256). Keys are PEM SPKI — the format of
 * `cosign.pub` — or the same DER in bare base64.
 *
 * Keyless signatures (Fulcio certificate + Rekor inclusion proof) need the Sigstore roots and the
 * transparency log, which an offline gate cannot reach; `SignatureVerifier` is the seam a keyless verifier
 * would implement (see docs/decisions/050-signed-findings.md).
 */
import { createPublicKey, verify, constants, type KeyObject } from 'node:crypto';
import type { ReportSignature } from '@gated/shared';

export interface TrustedKey {
  /** Shown in traces: which signer verified a report. */
  name: string;
  /** PEM (`-----BEGIN PUBLIC KEY-----`) or base64 DER SPKI. */
  publicKey: string;
}

/** What the registry source asks: who signed this envelope (or these bytes), if anyone it trusts. */
export interface SignatureVerifier {
  verifyEnvelope(envelope: unknown): ReportSignature;
  /** Name of the trusted signer whose key made `signature` over `data` (cosign's simple signing), if any. */
  signerOf(data: Buffer, signature: Buffer): string | undefined;
  /** Whether any signer is trusted: without one, signatures are not worth fetching. */
  hasSigners(): boolean;
}

interface LoadedKey {
  name: string;
  key: KeyObject;
}

/** Parses a public key; throws an Error naming the key when it is not one we verify with. */
export function loadPublicKey(k: TrustedKey): LoadedKey {
  const text = k.publicKey.trim();
  const key = text.startsWith('-----BEGIN')
    ? createPublicKey(text)
    : createPublicKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' });
  const type = key.asymmetricKeyType;
  if (type === 'ec' && key.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
    throw new Error(`signer ${k.name}: only the P-256 curve is supported for ECDSA`);
  if (type !== 'ec' && type !== 'ed25519' && type !== 'rsa' && type !== 'rsa-pss')
    throw new Error(`signer ${k.name}: unsupported key type ${type ?? 'unknown'}`);
  return { name: k.name, key };
}

/** DSSE pre-authentication encoding: what is actually signed. */
export function preAuthEncoding(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `),
    type,
    Buffer.from(` ${payload.length} `),
    payload,
  ]);
}

function verifiesWith(k: KeyObject, data: Buffer, sig: Buffer): boolean {
  try {
    switch (k.asymmetricKeyType) {
      case 'ed25519':
        return verify(null, data, k, sig);
      case 'ec':
        // cosign writes ASN.1 DER; some tools write raw r||s (IEEE P1363).
        return (
          verify('sha256', data, k, sig) ||
          (sig.length === 64 && verify('sha256', data, { key: k, dsaEncoding: 'ieee-p1363' }, sig))
        );
      default:
        return (
          verify('sha256', data, k, sig) ||
          verify('sha256', data, { key: k, padding: constants.RSA_PKCS1_PSS_PADDING }, sig)
        );
    }
  } catch {
    return false;
  }
}

export const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** Verifies envelopes against a fixed set of keys. */
export class KeySignatureVerifier implements SignatureVerifier {
  private readonly keys: LoadedKey[];
  constructor(keys: readonly TrustedKey[]) {
    this.keys = keys.map(loadPublicKey);
  }

  hasSigners(): boolean {
    return this.keys.length > 0;
  }

  signerOf(data: Buffer, signature: Buffer): string | undefined {
    return this.keys.find((k) => verifiesWith(k.key, data, signature))?.name;
  }

  verifyEnvelope(envelope: unknown): ReportSignature {
    const env =
      typeof envelope === 'object' && envelope !== null
        ? (envelope as Record<string, unknown>)
        : {};
    const { payloadType, payload, signatures } = env;
    if (typeof payloadType !== 'string' || typeof payload !== 'string' || !BASE64.test(payload))
      return { status: 'unsigned', detail: 'not a DSSE envelope' };
    const sigs = Array.isArray(signatures) ? signatures.slice(0, 16) : [];
    if (sigs.length === 0)
      return { status: 'unsigned', detail: 'the envelope carries no signature' };
    const pae = preAuthEncoding(payloadType, Buffer.from(payload, 'base64'));
    for (const s of sigs) {
      const sig = (s as { sig?: unknown } | null)?.sig;
      if (typeof sig !== 'string' || !BASE64.test(sig)) continue;
      const signer = this.signerOf(pae, Buffer.from(sig, 'base64'));
      if (signer) return { status: 'verified', signer };
    }
    return {
      status: 'untrusted',
      detail: `${sigs.length} signature${sigs.length === 1 ? '' : 's'}, none by a trusted signer`,
    };
  }
}
