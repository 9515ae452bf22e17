/** Liveness without auth. */
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../../lib/create-app.js';
import { jsonAnswer } from '../../lib/openapi.js';

const health = createRoute({
  method: 'get',
  path: '/health',
  tags: ['health'],
  summary: 'Liveness',
  responses: { 200: jsonAnswer(z.object({ status: z.literal('ok') }), 'Up') },
});

export const healthRoutes = createRouter().openapi(health, (c) =>
  c.json({ status: 'ok' as const }, 200),
);
