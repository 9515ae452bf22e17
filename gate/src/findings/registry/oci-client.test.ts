import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseChallenge } from './auth/challenge.js';
import { MEDIA } from './media-types.js';
import { OciClient } from './oci-client.js';
import type { TransportErrorEntry } from './registry-options.js';

const sha = (b: string | Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/**
 * A small registry that speaks the OCI 1.1 referrers API (docker-registry 2.8 does not), and can be told
 * to fail: 503 bursts, oversized or tampered blobs, a hanging endpoint.
 */
const report = JSON.stringify({ version: '2.1.0', runs: [] });
const manifest = JSON.stringify({
  schemaVersion: 2,
  mediaType: MEDIA.ociManifest,
  config: { mediaType: MEDIA.ociEmpty, digest: sha('{}'), size: 2 },
  layers: [],
});
const MANIFEST_DIGEST = sha(manifest);
const referrers = JSON.stringify({
  schemaVersion: 2,
  mediaType: MEDIA.ociIndex,
  manifests: [
    {
      mediaType: MEDIA.ociManifest,
      digest: sha('a'),
      size: 1,
      artifactType: 'application/sarif+json',
    },
    {
      mediaType: MEDIA.ociManifest,
      digest: sha('b'),
      size: 1,
      artifactType: 'application/vnd.dev.cosign.artifact.sig.v1+json',
    },
  ],
});
let failuresLeft = 0;
const seen: string[] = [];

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = req.url ?? '';
  seen.push(`${req.method} ${url}`);
  if (url.startsWith('/v2/flaky/') && failuresLeft > 0) {
    failuresLeft--;
    res.writeHead(503).end();
    return;
  }
  if (url.startsWith('/v2/hang/')) return; // never answers
  if (/\/manifests\/(v1|sha256:)/.test(url)) {
    res.writeHead(200, {
      'content-type': MEDIA.ociManifest,
      'docker-content-digest': MANIFEST_DIGEST,
    });
    res.end(req.method === 'HEAD' ? undefined : manifest);
    return;
  }
  if (url.includes('/referrers/')) {
    const type = new URL(url, 'http://x').searchParams.get('artifactType');
    const body = type
      ? JSON.stringify({
          ...JSON.parse(referrers),
          manifests: (
            JSON.parse(referrers) as { manifests: { artifactType: string }[] }
          ).manifests.filter((m) => m.artifactType === type),
        })
      : referrers;
    res.writeHead(200, { 'content-type': MEDIA.ociIndex }).end(body);
    return;
  }
  if (url.includes('/blobs/')) {
    if (url.includes('tampered')) res.writeHead(200).end('{"version":"2.1.0","runs":[1]}');
    else if (url.includes('big')) res.writeHead(200).end('x'.repeat(4096));
    else res.writeHead(200).end(report);
    return;
  }
  res.writeHead(404).end();
}

describe('OciClient against a local OCI 1.1 registry', () => {
  const server = createServer(handle);
  let host = '';
  const client = (extra = {}) =>
    new OciClient({ insecureRegistries: [host], retryBaseMs: 1, ...extra });

  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const addr = server.address();
    host = `127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('uses the referrers API when the registry has it, filtered by artifact type', async () => {
    const all = await client().listReferrers(host, 'app', MANIFEST_DIGEST);
    expect(all.mode).toBe('api');
    expect(all.referrers).toHaveLength(2);
    const sarif = await client().listReferrers(host, 'app', MANIFEST_DIGEST, [
      'application/sarif+json',
    ]);
    expect(sarif.referrers.map((r) => r.artifactType)).toEqual(['application/sarif+json']);
    expect(seen.some((s) => s.includes('artifactType=application%2Fsarif%2Bjson'))).toBe(true);
  });

  it('resolves a tag from the HEAD Docker-Content-Digest header', async () => {
    expect(await client().resolveTag(host, 'app', 'v1')).toBe(MANIFEST_DIGEST);
    expect(seen.filter((s) => s === 'HEAD /v2/app/manifests/v1')).toHaveLength(1);
  });

  it('retries 503s with backoff, then succeeds', async () => {
    failuresLeft = 2;
    expect(await client({ retries: 2 }).resolveTag(host, 'flaky', 'v1')).toBe(MANIFEST_DIGEST);
    failuresLeft = 5;
    const head = await client({ retries: 1 }).http.request({
      registry: host,
      path: '/v2/flaky/manifests/v1',
      method: 'HEAD',
      scope: 'repository:flaky:pull',
    });
    expect(head.status).toBe(503);
    failuresLeft = 0;
  });

  it('verifies blob digests and refuses tampered content', async () => {
    const good = await client().fetchBlob(host, 'app', {
      digest: sha(report),
      size: report.length,
    });
    expect(Buffer.from(good).toString()).toBe(report);
    await expect(
      client().fetchBlob(host, 'tampered', { digest: sha(report), size: report.length }),
    ).rejects.toThrow(/does not match/);
  });

  it('refuses blobs over the size limit, by descriptor and by actual bytes', async () => {
    await expect(
      client({ maxBlobBytes: 1024 }).fetchBlob(host, 'app', { digest: sha('x'), size: 5000 }),
    ).rejects.toThrow(/over the 1024-byte limit/);
    await expect(
      client({ maxBlobBytes: 1024 }).fetchBlob(host, 'big', { digest: sha('x'), size: 10 }),
    ).rejects.toThrow(/exceeds the 1024-byte limit/);
  });

  it('gives up after the per-registry timeout', async () => {
    const causes: string[] = [];
    const c = client({
      perRegistry: { [host]: { timeoutMs: 200, retries: 0 } },
      onTransportError: (e: TransportErrorEntry) => causes.push(e.detail),
    });
    // Users see the one generic message; the cause goes to the log hook only.
    await expect(c.resolveTag(host, 'hang', 'v1')).rejects.toThrow(
      /^127\.0\.0\.1:\d+: registry unreachable$/,
    );
    expect(causes).toEqual(['timed out']);
  });

  it('talks TLS to every registry not listed insecure', () => {
    const c = new OciClient({ insecureRegistries: ['localhost:5000'] });
    expect(c.http.baseUrl('localhost:5000')).toBe('http://localhost:5000');
    expect(c.http.baseUrl('myacr.azurecr.io')).toBe('https://myacr.azurecr.io');
    expect(c.http.baseUrl('docker.io')).toBe('https://registry-1.docker.io');
  });
});

describe('parseChallenge', () => {
  it('reads Bearer realm, service and scope', () => {
    expect(
      parseChallenge(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"',
      ),
    ).toEqual({
      scheme: 'bearer',
      params: {
        realm: 'https://auth.docker.io/token',
        service: 'registry.docker.io',
        scope: 'repository:library/nginx:pull',
      },
    });
    expect(parseChallenge('Basic realm="Registry Realm"')).toEqual({
      scheme: 'basic',
      params: { realm: 'Registry Realm' },
    });
    expect(parseChallenge(null)).toBeUndefined();
  });
});
