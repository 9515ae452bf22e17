/**
 * /healthz, /readyz and /metrics on the real app, on both stores. With a built portal mounted,
 * these paths used to fall through to index.html with 200, so probes always passed and a
 * Prometheus scrape failed to parse.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Environment, RegisteredCluster } from '@gated/shared';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../env.js';
import { MIGRATIONS } from '../../store/migrate.js';
import { startBff } from '../../server.js';
import { admissionEvent, awsEnvironment } from '../../testing/fixtures.js';
import { useSuite } from '../../testing/suite.js';
import { storesUnderTest } from '../../testing/test-stores.js';
import { BffMetrics } from './bff-metrics.js';

const kinds = await storesUnderTest();

const webDir = mkdtempSync(path.join(tmpdir(), 'gated-web-'));
writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>portal</title>');

/** `promtool check metrics` reads the exposition from stdin; it exits non-zero on a format error. */
export function promtoolCheckMetrics(text: string): string {
  return execFileSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
}

describe.each(kinds)('operations endpoints on %s', (kind) => {
  const s = useSuite(kind, { GATED_WEB_DIR: webDir });

  it('/healthz answers JSON, not the portal', async () => {
    const res = await s.t.request('/healthz');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ status: 'ok' });
    // The portal still answers its own routes.
    expect(await (await s.t.request('/environments')).text()).toContain('<title>portal</title>');
  });

  it('/readyz is 200 with the store up and every migration applied', async () => {
    const res = await s.t.request('/readyz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ready',
      schemaVersion: Math.max(...MIGRATIONS.map((m) => m.version)),
    });
  });

  it('/metrics is Prometheus text that promtool accepts, with latency by route and status', async () => {
    const env = await s.admin.json<Environment>('POST', '/environments', awsEnvironment('m'), 201);
    await s.admin.json('GET', `/environments/${env.id}`);
    const bad = await s.t.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'wrong-password' }),
    });
    expect(bad.status).toBe(401);

    const res = await s.t.request('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    promtoolCheckMetrics(text);
    expect(text).toMatch(
      /gated_bff_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/environments\/:id",status="200"\} 1/,
    );
    expect(text).toMatch(/gated_bff_login_failures_total 1\b/);
    expect(text).toMatch(/gated_bff_store_bytes \d{5,}/);
  });

  it('counts ingested events and duplicates', async () => {
    const env = await s.admin.json<Environment>('POST', '/environments', awsEnvironment('i'), 201);
    const reg = await s.admin.json<RegisteredCluster>(
      'POST',
      '/clusters',
      { environmentId: env.id, name: 'metrics-cluster' },
      201,
    );
    const batch = JSON.stringify({ events: [admissionEvent()] });
    for (let i = 0; i < 2; i += 1) {
      const res = await s.t.request('/api/v1/gate/events', {
        method: 'POST',
        headers: {
          authorization: `Bearer ${reg.gateToken}`,
          'x-gate-version': '0.1.0-test',
          'content-type': 'application/json',
        },
        body: batch,
      });
      expect(res.status).toBe(200);
    }
    const text = await (await s.t.request('/metrics')).text();
    expect(text).toMatch(/gated_bff_events_ingested_total\{outcome="accepted"\} 1\b/);
    expect(text).toMatch(/gated_bff_events_ingested_total\{outcome="duplicate"\} 1\b/);
    expect(text).toMatch(/gated_bff_event_ingest_lag_seconds_count 2\b/);
  });
});

describe('ingest lag', () => {
  it('is measured from the event time on the injected clock', async () => {
    const metrics = new BffMetrics({ now: () => Date.parse('2026-03-01T10:00:30Z') });
    metrics.observeIngest(['2026-03-01T10:00:00Z', 'not a time'], 1, 0);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/gated_bff_event_ingest_lag_seconds_sum 30\b/);
    expect(text).toMatch(/gated_bff_event_ingest_lag_seconds_count 1\b/);
  });
});

describe('JSON request logs', () => {
  it('one line per request with method, route, status, duration and request id', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const bff = await startBff(
      loadEnv({
        GATED_ADMIN_PASSWORD: 'admin-password-1',
        GATED_READER_PASSWORD: 'reader-password-1',
        GATED_WEB_DIR: webDir,
      }),
      { inMemory: true, log: pino({ level: 'info' }, sink) },
    );
    try {
      await bff.app.request('/api/v1/health', { headers: { 'x-request-id': 'probe-1' } });
      await bff.app.request('/healthz');
      const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      const request = records.filter((r) => r.msg === 'request');
      expect(request).toHaveLength(1);
      expect(request[0]).toMatchObject({
        requestId: 'probe-1',
        method: 'GET',
        path: '/api/v1/health',
        route: '/api/v1/health',
        status: 200,
        durationMs: expect.any(Number) as number,
      });
    } finally {
      await bff.close();
    }
  });
});
