/**
 * Operations endpoints at the root, outside /api/v1 and ahead of the portal's catch-all:
 * /healthz (the process answers), /readyz (store reachable, migrations applied; 503 otherwise),
 * /metrics (Prometheus text). No authentication: they are for the kubelet and the scraper, and
 * carry no tenant data (docs/install.md, "Monitoring").
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../lib/app-env.js';
import { checkReadiness } from './readiness.js';

export function operationsRoutes(): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/healthz', (c) => c.json({ status: 'ok' as const }, 200))
    .get('/readyz', async (c) => {
      const readiness = await checkReadiness(c.get('deps').db);
      c.header('cache-control', 'no-store');
      return readiness.ready
        ? c.json({ status: 'ready' as const, schemaVersion: readiness.schemaVersion }, 200)
        : c.json({ status: 'unready' as const, reason: readiness.reason }, 503);
    })
    .get('/metrics', async (c) => {
      const registry = c.get('deps').metrics.registry;
      c.header('content-type', registry.contentType);
      c.header('cache-control', 'no-store');
      return c.body(await registry.metrics(), 200);
    });
}
