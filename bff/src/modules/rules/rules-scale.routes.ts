/** /rules at scale: the import preview and bulk enable/disable/delete (Security Admin: a write). */
import { createRoute, z } from '@hono/zod-openapi';
import {
  RuleBulkRequestSchema,
  RuleBulkResultSchema,
  RuleImportPreviewSchema,
} from '@gated/shared';
import { createRouter } from '../../lib/create-app.js';
import {
  SECURITY_USER,
  commonProblems,
  jsonAnswer,
  jsonBody,
  notFoundProblem,
  tooLargeProblem,
} from '../../lib/openapi.js';
import { bulkRules } from './rules-bulk.service.js';
import { previewImport } from './rules-import-preview.service.js';

const tags = ['rules'];
const security = SECURITY_USER;

const importPreview = createRoute({
  method: 'post',
  path: '/rules/import/preview',
  tags,
  security,
  summary:
    'What POST /rules/import would do with each rule of a SecurityRuleList (create, change with which fields, unchanged, refuse with field paths); writes nothing',
  request: {
    body: {
      required: false,
      content: {
        // Any JSON object: a document that is not a SecurityRuleList is reported in the answer.
        'application/json': { schema: z.record(z.string(), z.unknown()) },
        'application/yaml': { schema: z.string() },
      },
    },
  },
  responses: {
    200: jsonAnswer(RuleImportPreviewSchema, 'The per-rule preview'),
    ...commonProblems,
    ...tooLargeProblem,
  },
});

const bulk = createRoute({
  method: 'post',
  path: '/rules/bulk',
  tags,
  security,
  summary:
    'Enable, disable or delete several rules at once: all or none (404 naming each missing id), one audit entry per changed rule',
  request: jsonBody(RuleBulkRequestSchema),
  responses: {
    200: jsonAnswer(RuleBulkResultSchema, 'Applied'),
    ...commonProblems,
    ...notFoundProblem,
  },
});

export const rulesScaleRoutes = createRouter()
  .openapi(importPreview, async (c) => {
    const type = c.req.header('content-type') ?? '';
    const text = /json/i.test(type) ? JSON.stringify(c.req.valid('json')) : await c.req.text();
    return c.json(await previewImport(c.get('deps'), text), 200);
  })
  .openapi(bulk, async (c) =>
    c.json(await bulkRules(c.get('deps'), c.get('user').username, c.req.valid('json')), 200),
  );
