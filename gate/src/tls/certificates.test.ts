/** Certificate rotation: the live gate picks up new files without a restart. */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { formatRuleExport } from '@gated/shared';
import { describe, expect, it } from 'vitest';
import { readEnv } from '../env.js';
import { startGate } from '../gate.js';
import { eventually, httpsRequest } from '../testing/https-client.js';
import { readKeyPair, selfSignedKeyPair } from './certificates.js';

const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;

describe('TLS', () => {
  it('serves GATE_TLS_CERT/KEY and reloads them when they change', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gate-tls-'));
    const certFile = path.join(dir, 'tls.crt');
    const keyFile = path.join(dir, 'tls.key');
    const policyFile = path.join(dir, 'policy.yaml');
    const a = await selfSignedKeyPair();
    const b = await selfSignedKeyPair();
    writeFileSync(certFile, a.cert);
    writeFileSync(keyFile, a.key);
    writeFileSync(policyFile, formatRuleExport([]));
    const env = readEnv({
      GATE_PORT: '0',
      GATE_HOST: '127.0.0.1',
      GATE_TLS_CERT: certFile,
      GATE_TLS_KEY: keyFile,
      GATE_POLICY_FILE: policyFile,
      GATE_LOG_LEVEL: 'silent',
    });
    const gate = await startGate(env, { filePollMs: 50 });
    try {
      const first = await httpsRequest(`${gate.url}/healthz`, { ca: a.cert });
      expect(first.status).toBe(200);
      expect(first.certFingerprint).toBe(fingerprint(a.cert));

      writeFileSync(keyFile, b.key);
      writeFileSync(certFile, b.cert);
      await eventually(
        'the new certificate',
        async () =>
          (await httpsRequest(`${gate.url}/healthz`)).certFingerprint === fingerprint(b.cert),
      );
      expect((await httpsRequest(`${gate.url}/healthz`, { ca: b.cert })).status).toBe(200);
    } finally {
      await gate.stop();
    }
  });

  it('refuses a certificate and key that do not belong together', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gate-tls-'));
    const a = await selfSignedKeyPair();
    const b = await selfSignedKeyPair();
    writeFileSync(path.join(dir, 'c'), a.cert);
    writeFileSync(path.join(dir, 'k'), b.key);
    await expect(readKeyPair(path.join(dir, 'c'), path.join(dir, 'k'))).rejects.toThrow();
  });
});
