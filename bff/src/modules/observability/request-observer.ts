/**
 * Every request: one JSON log line (pino) and one latency sample labelled by the matched route
 * pattern (`/api/v1/environments/:id`, never the raw path, so label values stay bounded).
 */
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { AppEnv } from '../../lib/app-env.js';

export const observeRequests: MiddlewareHandler<AppEnv> = async (c, next) => {
  const started = performance.now();
  await next();
  const deps = c.get('deps');
  const seconds = (performance.now() - started) / 1000;
  const status = c.res.status;
  const matched = routePath(c);
  // The catch-all middleware path means nothing matched but the portal or the 404 handler.
  const route = status === 404 && (matched === '/*' || matched === '*') ? 'unmatched' : matched;
  deps.metrics.requestDuration.observe(
    { method: c.req.method, route, status: String(status) },
    seconds,
  );
  // Probes and scrapes every few seconds would drown the log.
  if (route === '/healthz' || route === '/readyz' || route === '/metrics') return;
  deps.log.info(
    {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      route,
      status,
      durationMs: Math.round(seconds * 1e4) / 10,
    },
    'request',
  );
};
