/** Serves the built portal with SPA fallback; /api/* never falls back to index.html. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono, MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.js';

export function mountWeb(app: Hono<AppEnv>, webDir: string | null): void {
  if (!webDir) return;
  const root = path.resolve(webDir);
  const indexFile = path.join(root, 'index.html');
  if (!existsSync(indexFile)) return;
  const assets: MiddlewareHandler<AppEnv> = serveStatic({ root });
  const staticFiles: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (c.req.path === '/api' || c.req.path.startsWith('/api/')) return next();
    return assets(c, next);
  };
  app.use('*', staticFiles);
  app.get('*', (c, next) => {
    if (c.req.path === '/api' || c.req.path.startsWith('/api/')) return next();
    // Re-read each time: a rebuilt portal is picked up without a restart.
    return c.html(readFileSync(indexFile, 'utf8'));
  });
}
