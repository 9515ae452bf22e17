/**
 * 1. createRouter: every module's OpenAPIHono sub-app, with the throwing validation hook.
 * 2. createBaseApp: request id, dependency injection, security headers, the one error mapper and
 *    the 404 problem.
 */
import { randomUUID } from 'node:crypto';
import { OpenAPIHono } from '@hono/zod-openapi';
import { NotFoundError } from '@gated/shared';
import type { AppDeps, AppEnv } from './app-env.js';
import { onError, problemResponse } from './on-error.js';
import { securityHeaders } from './security-headers.js';
import { throwingHook } from './validation-hook.js';

export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({ defaultHook: throwingHook });
}

export function createBaseApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = createRouter();
  app.use(async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    c.set('requestId', requestId);
    c.set('deps', deps);
    await next();
    c.header('x-request-id', requestId);
  });
  app.use(securityHeaders);
  app.onError(onError);
  app.notFound((c) =>
    problemResponse(c, new NotFoundError(`No route ${c.req.method} ${c.req.path}`)),
  );
  return app;
}
