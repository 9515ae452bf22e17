/**
 * The environment's trusted signers as the control plane sends them with the policy. Keys are parsed once
 * per policy revision, never on the hot path; a key that does not parse is skipped (the control plane
 * checked it when it was added).
 */
import type { ReportSignature, TrustedKey } from '@gated/shared';
import { KeySignatureVerifier, loadPublicKey, type SignatureVerifier } from './dsse-verify.js';

export class PolicySignatureVerifier implements SignatureVerifier {
  private revision: string | undefined;
  private verifier = new KeySignatureVerifier([]);

  constructor(
    private readonly current: () => { revision: string; trustedSigners?: TrustedKey[] } | undefined,
  ) {}

  verifyEnvelope(envelope: unknown): ReportSignature {
    return this.keys().verifyEnvelope(envelope);
  }

  signerOf(data: Buffer, signature: Buffer): string | undefined {
    return this.keys().signerOf(data, signature);
  }

  hasSigners(): boolean {
    return this.keys().hasSigners();
  }

  /** The verifier of the current policy revision's signers. */
  private keys(): KeySignatureVerifier {
    const policy = this.current();
    if (policy?.revision !== this.revision) {
      this.revision = policy?.revision;
      const usable = (policy?.trustedSigners ?? []).filter((k) => {
        try {
          loadPublicKey(k);
          return true;
        } catch {
          return false;
        }
      });
      this.verifier = new KeySignatureVerifier(usable);
    }
    return this.verifier;
  }
}
