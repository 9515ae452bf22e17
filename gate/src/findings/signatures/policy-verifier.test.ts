import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PolicySignatureVerifier } from './policy-verifier.js';
import { signEnvelope } from './testing/sign-envelope.js';

describe('PolicySignatureVerifier', () => {
  it("uses the current policy's signers, re-reading them when the revision changes", () => {
    const ci = generateKeyPairSync('ed25519');
    const pem = ci.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    let policy: { revision: string; trustedSigners?: { name: string; publicKey: string }[] } = {
      revision: 'a',
    };
    const verifier = new PolicySignatureVerifier(() => policy);
    const env = signEnvelope({ x: 1 }, ci.privateKey, null);
    expect(verifier.verifyEnvelope(env).status).toBe('untrusted');
    policy = {
      revision: 'b',
      trustedSigners: [
        { name: 'broken', publicKey: 'not a key at all, but long enough to pass the schema' },
        { name: 'ci', publicKey: pem },
      ],
    };
    expect(verifier.verifyEnvelope(env)).toEqual({ status: 'verified', signer: 'ci' });
  });
});
