/** GET /audit-log: every change, newest first. */
import { createRoute } from '@hono/zod-openapi';
import { AuditLogPageSchema, AuditLogQuerySchema } from '@gated/shared';
import { createRouter } from '../../lib/create-app.js';
import { SECURITY_USER, commonProblems, jsonAnswer } from '../../lib/openapi.js';
import { listAudit } from '../../store/audit.repo.js';

const list = createRoute({
  method: 'get',
  path: '/audit-log',
  tags: ['audit-log'],
  security: SECURITY_USER,
  summary: 'Who changed what, when (before/after)',
  request: { query: AuditLogQuerySchema },
  responses: { 200: jsonAnswer(AuditLogPageSchema, 'A page of entries'), ...commonProblems },
});

export const auditLogRoutes = createRouter().openapi(list, async (c) =>
  c.json(await listAudit(c.get('deps').db, c.req.valid('query')), 200),
);
