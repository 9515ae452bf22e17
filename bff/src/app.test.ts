import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Problem } from '@gated/shared';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { ruleInput } from './testing/fixtures.js';
import { storesUnderTest } from './testing/test-stores.js';
import { useSuite } from './testing/suite.js';

const kinds = await storesUnderTest();

/** Every route of the API contract (method + OpenAPI path). */
const CONTRACT = [
  'get /health',
  'post /auth/login',
  'post /auth/logout',
  'get /me',
  'get /tokens',
  'post /tokens',
  'delete /tokens/{id}',
  'get /environments',
  'post /environments',
  'get /environments/{id}',
  'patch /environments/{id}',
  'post /environments/{id}/security-gating',
  'get /clusters',
  'post /clusters',
  'get /clusters/{id}',
  'delete /clusters/{id}',
  'put /clusters/{id}/security-gating',
  'get /rules',
  'post /rules',
  'get /rules/{id}',
  'put /rules/{id}',
  'delete /rules/{id}',
  'post /rules/{id}/enable',
  'post /rules/{id}/disable',
  'get /rules/export',
  'post /rules/import',
  'post /rules/preview',
  'post /findings',
  'get /findings',
  'get /admissions',
  'get /admissions/{id}',
  'get /admissions/stats',
  'get /admissions/export.csv',
  'get /audit-log',
  'get /gate/policy',
  'post /gate/events',
  'post /gate/findings',
];

const webDir = mkdtempSync(path.join(tmpdir(), 'gated-web-'));
mkdirSync(path.join(webDir, 'assets'));
writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>Gated portal</title>');
writeFileSync(path.join(webDir, 'assets', 'app.js'), 'console.log(1)');

describe.each(kinds)('app on %s', (kind) => {
  const s = useSuite(kind, { GATED_WEB_DIR: webDir });

  it('publishes a valid OpenAPI 3.1 document listing every route', async () => {
    const res = await s.t.request('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
    const listed = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m} ${p}`),
    );
    for (const route of CONTRACT) expect(listed).toContain(route);
    const docs = await s.t.request('/api/v1/docs');
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('/api/v1/openapi.json');
    // The reference page works offline: its script comes from this server, not a CDN.
    expect(await (await s.t.request('/api/v1/docs')).text()).not.toMatch(/https?:\/\//);
    const bundle = await s.t.request('/api/v1/docs/assets/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toContain('javascript');
    expect((await s.t.request('/api/v1/docs/init.js')).status).toBe(200);
    expect((await s.t.request('/api/v1/docs/assets/package.json')).status).toBe(404);
  });

  it('answers malformed JSON, unknown fields and wrong types with problem+json and field paths, never a stack', async () => {
    const malformed = await s.admin.req('POST', '/rules', '{"name":');
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');
    const unknown = await s.admin.req('POST', '/rules', { ...ruleInput('x'), colour: 'red' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as Problem).errors).toContainEqual({
      path: 'colour',
      message: 'Unknown field "colour"',
    });
    const wrongType = await s.admin.req('POST', '/rules', { ...ruleInput('x'), enabled: 'yes' });
    const body = (await wrongType.json()) as Problem;
    expect(body.errors?.map((e) => e.path)).toEqual(['enabled']);
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
    const query = await s.admin.req('GET', '/admissions?limit=abc&bogus=1');
    expect(((await query.json()) as Problem).errors?.map((e) => e.path).sort()).toEqual([
      'query.bogus',
      'query.limit',
    ]);
  });

  it('answers 413 problem+json above the 1 MB body limit', async () => {
    const res = await s.admin.req('POST', '/rules', {
      ...ruleInput('big'),
      description: 'x'.repeat(1_100_000),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as Problem).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers an upload without credentials 401 before reading its body', async () => {
    for (const path of ['/api/v1/findings', '/api/v1/gate/events']) {
      // 8 MiB, under the 32 MiB upload limit: the body limit would read all of it if it ran first.
      const chunk = new Uint8Array(1 << 20).fill(0x20);
      let pulled = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (pulled >= 8 * chunk.byteLength) return controller.close();
          pulled += chunk.byteLength;
          controller.enqueue(chunk);
        },
      });
      const res = await s.t.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        duplex: 'half',
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      // The stream may buffer a chunk ahead; the rest was never asked for.
      expect(pulled).toBeLessThanOrEqual(2 * chunk.byteLength);
    }
  });

  it('serves the portal with SPA fallback, but never for /api', async () => {
    const deep = await s.t.request('/rules/123/edit');
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('Gated portal');
    expect(await (await s.t.request('/assets/app.js')).text()).toBe('console.log(1)');
    const api = await s.admin.req('GET', '/nope');
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
    expect(await (await s.t.request('/api/v1/health')).json()).toEqual({ status: 'ok' });
  });
});
