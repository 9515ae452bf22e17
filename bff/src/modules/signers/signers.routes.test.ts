import type {
  Environment,
  GatePolicy,
  Problem,
  RegisteredCluster,
  TrustedSigner,
} from '@gated/shared';
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { awsEnvironment } from '../../testing/fixtures.js';
import { storesUnderTest } from '../../testing/test-stores.js';
import { useSuite } from '../../testing/suite.js';

const kinds = await storesUnderTest();

describe.each(kinds)('trusted signers on %s', (kind) => {
  const s = useSuite(kind);

  it('admins add keys per environment; gates receive them with the policy, whose revision changes', async () => {
    const env = await s.admin.json<Environment>(
      'POST',
      '/environments',
      awsEnvironment('sign'),
      201,
    );
    const reg = await s.admin.json<RegisteredCluster>(
      'POST',
      '/clusters',
      { environmentId: env.id, name: 'sign' },
      201,
    );
    const policy = async () => {
      const res = await s.t.request('/api/v1/gate/policy', {
        headers: { authorization: `Bearer ${reg.gateToken}` },
      });
      expect(res.status).toBe(200);
      return (await res.json()) as GatePolicy;
    };
    const before = await policy();
    expect(before.trustedSigners).toEqual([]);

    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    const cosignPub = ec.export({ type: 'spki', format: 'pem' }).toString();
    const added = await s.admin.json<TrustedSigner>(
      'POST',
      `/environments/${env.id}/signers`,
      { name: 'ci', publicKey: cosignPub },
      201,
    );
    expect(added).toMatchObject({ name: 'ci', algorithm: 'ecdsa-p256', environmentId: env.id });
    const ed = generateKeyPairSync('ed25519').publicKey;
    const b64 = ed.export({ type: 'spki', format: 'der' }).toString('base64');
    const second = await s.admin.json<TrustedSigner>(
      'POST',
      `/environments/${env.id}/signers`,
      { name: 'release', publicKey: b64 },
      201,
    );
    expect(second.algorithm).toBe('ed25519');
    expect(second.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);

    const after = await policy();
    expect(after.revision).not.toBe(before.revision);
    expect(after.trustedSigners?.map((k) => k.name)).toEqual(['ci', 'release']);

    const dup = await s.admin.json<Problem>(
      'POST',
      `/environments/${env.id}/signers`,
      { name: 'again', publicKey: cosignPub },
      409,
    );
    expect(dup.code).toBe('CONFLICT');
    const listed = await s.reader.json<{ items: TrustedSigner[] }>(
      'GET',
      `/environments/${env.id}/signers`,
    );
    expect(listed.items).toHaveLength(2);
    const del = await s.admin.req('DELETE', `/environments/${env.id}/signers/${added.id}`);
    expect(del.status).toBe(204);
    expect((await policy()).trustedSigners?.map((k) => k.name)).toEqual(['release']);
  });

  it('refuses keys we cannot verify with, with the field path', async () => {
    const env = await s.admin.json<Environment>(
      'POST',
      '/environments',
      awsEnvironment('bad'),
      201,
    );
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    for (const publicKey of [p384, 'x'.repeat(60)]) {
      const res = await s.admin.json<Problem>(
        'POST',
        `/environments/${env.id}/signers`,
        { name: 'bad', publicKey },
        400,
      );
      expect(res.errors?.[0]?.path).toBe('publicKey');
    }
  });
});
