import { readFileSync } from 'node:fs';
import type { FindingsRefreshResult, FindingsReport, Problem } from '@gated/shared';
import { RegistryFindingsSource, registryTesting } from '@gated/gate/registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter } from '../../lib/create-app.js';
import { onError } from '../../lib/on-error.js';
import { findingsRefreshRoutes } from './findings-refresh.routes.js';

const fixture = (name: string) =>
  readFileSync(
    new URL(`../../../../shared/src/findings/fixtures/${name}`, import.meta.url),
    'utf8',
  );
const { startDockerRegistry, OciPusher, freePort } = registryTesting;

describe('POST /findings/refresh against docker-registry', { timeout: 30_000 }, () => {
  let registry: registryTesting.RunningRegistry;
  let image: registryTesting.PushedDescriptor;
  const stored: FindingsReport[] = [];
  let deadHost = '';

  const app = () => {
    const source = new RegistryFindingsSource({
      insecureRegistries: [registry.host, deadHost],
      retries: 0,
      timeoutMs: 2000,
    });
    const router = createRouter();
    router.onError(onError);
    return router.route(
      '/api/v1',
      findingsRefreshRoutes({
        source,
        storeReport: (r) => {
          stored.push(r);
          return Promise.resolve();
        },
        locate: (digest) =>
          Promise.resolve(digest === image.digest ? `${registry.host}/shop/web` : undefined),
      }),
    );
  };
  const post = (body: unknown) =>
    app().request('/api/v1/findings/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    registry = await startDockerRegistry();
    deadHost = `127.0.0.1:${await freePort()}`;
    const pusher = new OciPusher(registry.host);
    image = await pusher.image('shop/web', '1.4.2');
    await pusher.attach(
      'shop/web',
      image,
      'application/sarif+json',
      fixture('trivy-web.sarif.json'),
      '2026-11-21T10:00:00Z',
    );
    await pusher.attach(
      'shop/web',
      image,
      'application/vnd.in-toto+json',
      fixture('in-toto-vulns.json'),
      '2026-11-20T10:00:00Z',
    );
    await pusher.attach(
      'shop/web',
      image,
      'application/sarif+json',
      '{"not":"a report"}',
      '2026-11-22T10:00:00Z',
    );
  }, 30_000);
  afterAll(async () => registry.stop());

  it('by tag: returns every report, newest first, stores each, and notes the unreadable one', async () => {
    stored.length = 0;
    const res = await post({ reference: `${registry.host}/shop/web:1.4.2` });
    expect(res.status).toBe(200);
    const body = (await res.json()) as FindingsRefreshResult;
    expect(body).toMatchObject({
      digest: image.digest,
      repository: `${registry.host}/shop/web`,
      referrersMode: 'tag-schema',
    });
    expect(body.reports.map((r) => [r.format, r.source, r.digest])).toEqual([
      ['sarif', 'registry', image.digest],
      ['in-toto', 'registry', image.digest],
    ]);
    expect(stored.map((r) => r.format)).toEqual(['sarif', 'in-toto']);
    expect(body.notes.join('\n')).toMatch(/skipped: Unknown report format/);
  });

  it('by digest reference, and by bare digest when the store knows the repository', async () => {
    const pinned = await post({ reference: `${registry.host}/shop/web@${image.digest}` });
    expect(((await pinned.json()) as FindingsRefreshResult).reports).toHaveLength(2);
    const bare = await post({ digest: image.digest });
    expect(bare.status).toBe(200);
  });

  it('400 with field paths for bad input, an unknown digest, or a missing tag', async () => {
    const empty = await post({});
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as Problem).errors?.[0]?.path).toBe('reference');
    const unknown = await post({ digest: `sha256:${'0'.repeat(64)}` });
    expect(unknown.status).toBe(400);
    const missing = await post({ reference: `${registry.host}/shop/web:no-such-tag` });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as Problem).detail).toMatch(/does not exist/);
  });

  it('503 when the registry cannot be reached', async () => {
    const res = await post({ reference: `${deadHost}/shop/web:1` });
    expect(res.status).toBe(503);
    expect(((await res.json()) as Problem).code).toBe('UNAVAILABLE');
  });
});
