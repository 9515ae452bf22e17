/** /exemptions: cross-rule views of rule exemptions (read-only, both roles). */
import { createRoute } from '@hono/zod-openapi';
import { ExpiringExemptionsQuerySchema, ExpiringExemptionsSchema } from '@gated/shared';
import { createRouter } from '../../lib/create-app.js';
import { SECURITY_USER, commonProblems, jsonAnswer } from '../../lib/openapi.js';
import { expiringExemptions } from './exemptions.service.js';

const expiring = createRoute({
  method: 'get',
  path: '/exemptions/expiring',
  tags: ['rules'],
  security: SECURITY_USER,
  summary:
    'Time-bound exemptions still in force whose last day ends within `withinDays` (default 7), soonest first',
  request: { query: ExpiringExemptionsQuerySchema },
  responses: {
    200: jsonAnswer(ExpiringExemptionsSchema, 'Expiring exemptions'),
    ...commonProblems,
  },
});

export const exemptionsRoutes = createRouter().openapi(expiring, async (c) =>
  c.json(await expiringExemptions(c.get('deps'), c.req.valid('query').withinDays), 200),
);
