import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeySignatureVerifier, loadPublicKey } from './dsse-verify.js';
import { signEnvelope } from './testing/sign-envelope.js';

const pem = (k: KeyObject) => k.export({ type: 'spki', format: 'pem' }).toString();
const statement = { _type: 'https://in-toto.io/Statement/v0.1', subject: [], predicate: {} };

describe('DSSE signature verification against trusted keys', () => {
  it.each([
    ['ECDSA P-256', generateKeyPairSync('ec', { namedCurve: 'P-256' }), 'sha256'],
    ['Ed25519', generateKeyPairSync('ed25519'), null],
    ['RSA', generateKeyPairSync('rsa', { modulusLength: 2048 }), 'sha256'],
  ] as const)('%s: the trusted key verifies, another key does not', (_n, pair, hash) => {
    const verifier = new KeySignatureVerifier([{ name: 'ci', publicKey: pem(pair.publicKey) }]);
    expect(verifier.verifyEnvelope(signEnvelope(statement, pair.privateKey, hash))).toEqual({
      status: 'verified',
      signer: 'ci',
    });
    const other = generateKeyPairSync('ed25519');
    expect(verifier.verifyEnvelope(signEnvelope(statement, other.privateKey, null)).status).toBe(
      'untrusted',
    );
  });

  it('a changed payload no longer verifies; an envelope without signatures is unsigned', () => {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const verifier = new KeySignatureVerifier([{ name: 'ci', publicKey: pem(pair.publicKey) }]);
    const env = signEnvelope(statement, pair.privateKey);
    const forged = {
      ...env,
      payload: Buffer.from(JSON.stringify({ ...statement, subject: [{ x: 1 }] })).toString(
        'base64',
      ),
    };
    expect(verifier.verifyEnvelope(forged).status).toBe('untrusted');
    expect(verifier.verifyEnvelope({ ...env, signatures: [] }).status).toBe('unsigned');
    expect(verifier.verifyEnvelope({ hello: 1 }).status).toBe('unsigned');
  });

  it("accepts cosign.pub's PEM and bare base64 DER; refuses other curves with the signer's name", () => {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const der = pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    expect(loadPublicKey({ name: 'b64', publicKey: der }).key.asymmetricKeyType).toBe('ec');
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    expect(() => loadPublicKey({ name: 'old', publicKey: pem(p384.publicKey) })).toThrow(/old/);
  });
});
