/**
 * The webhook's serving certificate: from GATE_TLS_CERT/GATE_TLS_KEY (cert-manager or a generated
 * CA rotate these files in place, so they are polled and swapped into the live server with
 * `setSecureContext`), or, for local use only, a self-signed one made at start.
 */
import { readFile } from 'node:fs/promises';
import { unwatchFile, watchFile } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { generate } from 'selfsigned';

export interface KeyPair {
  cert: string;
  key: string;
}

export async function readKeyPair(certFile: string, keyFile: string): Promise<KeyPair> {
  const [cert, key] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]);
  // Fails here, not in the TLS handshake, when the pair does not match or is not PEM.
  createSecureContext({ cert, key });
  return { cert, key };
}

/** A self-signed certificate for localhost/127.0.0.1 and the in-cluster service names. */
export async function selfSignedKeyPair(hostnames: readonly string[] = []): Promise<KeyPair> {
  const names = ['localhost', ...hostnames];
  const result = await generate([{ name: 'commonName', value: 'gated-gate' }], {
    keyType: 'ec',
    curve: 'P-256',
    notAfterDate: new Date(Date.now() + 365 * 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...names.map((value) => ({ type: 2 as const, value })),
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { cert: result.cert, key: result.private };
}

/** Polls the cert/key files; calls `onChange` with a pair that loads. Returns a stop function. */
export function watchKeyPair(
  certFile: string,
  keyFile: string,
  onChange: (pair: KeyPair) => void,
  onError: (err: Error) => void,
  intervalMs = 1000,
): () => void {
  let last: string | null = null;
  const listener = () => {
    readKeyPair(certFile, keyFile).then(
      (pair) => {
        const fingerprint = pair.cert + pair.key;
        if (fingerprint === last) return;
        last = fingerprint;
        onChange(pair);
      },
      // A half-written rotation (cert renewed, key not yet): keep serving the old pair, retry next poll.
      (e: unknown) => onError(e as Error),
    );
  };
  void readFile(certFile, 'utf8').then(
    (cert) => readFile(keyFile, 'utf8').then((key) => (last = cert + key)),
    () => undefined,
  );
  watchFile(certFile, { interval: intervalMs, persistent: false }, listener);
  watchFile(keyFile, { interval: intervalMs, persistent: false }, listener);
  return () => {
    unwatchFile(certFile, listener);
    unwatchFile(keyFile, listener);
  };
}
