/** /rules: CRUD with ETag/If-Match, enable/disable, export/import (policy as code). */
import { createRoute, z } from '@hono/zod-openapi';
import {
  IMPACT_ACK_HEADER,
  PROBLEM_CONTENT_TYPE,
  ProblemSchema,
  RuleExportDocumentSchema,
  RuleImportResultSchema,
  RuleInputSchema,
  RuleListSchema,
  RulePreviewRequestSchema,
  RulePreviewResultSchema,
  RuleSchema,
} from '@gated/shared';
import { createRouter } from '../../lib/create-app.js';
import { IdParamsSchema } from '../../lib/id-params.js';
import {
  SECURITY_USER,
  commonProblems,
  conflictProblem,
  jsonAnswer,
  jsonBody,
  notFoundProblem,
  preconditionProblems,
} from '../../lib/openapi.js';
import { previewRule } from './rule-preview.service.js';
import { restoreRule } from './rule-restore.service.js';
import { exportRules } from './rules-export.service.js';
import {
  createRule,
  importRules,
  listAllRules,
  parseIfMatch,
  readRule,
  removeRule,
  replaceRule,
  setRuleEnabled,
} from './rules.service.js';

const tags = ['rules'];
const security = SECURITY_USER;
const etag = (revision: number) => `"${revision}"`;
/** The two headers routes read, declared so handlers take them from the validated request. */
const IfMatchHeaders = z.object({ 'if-match': z.string().max(100).optional() });
const ContentTypeHeaders = z.object({ 'content-type': z.string().max(200).optional() });
const EtagHeader = {
  ETag: { description: 'The rule revision, for If-Match', schema: { type: 'string' as const } },
};

const AckHeaders = z.object({
  [IMPACT_ACK_HEADER]: z
    .string()
    .max(200)
    .optional()
    .describe('The `acknowledgement` of POST /rules/preview for this exact draft'),
});
const ackProblem = {
  428: {
    description: 'IMPACT_NOT_ACKNOWLEDGED: the save makes the rule deny more; preview it first',
    content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } },
  },
};

const list = createRoute({
  method: 'get',
  path: '/rules',
  tags,
  security,
  summary: 'List rules',
  responses: { 200: jsonAnswer(RuleListSchema, 'Rules'), ...commonProblems },
});
const create = createRoute({
  method: 'post',
  path: '/rules',
  tags,
  security,
  summary:
    'Create a rule (names are unique, case-insensitive); a Deny rule needs Impact-Acknowledged (428 without)',
  request: { headers: AckHeaders, ...jsonBody(RuleInputSchema) },
  responses: {
    201: { ...jsonAnswer(RuleSchema, 'Created'), headers: EtagHeader },
    ...commonProblems,
    ...conflictProblem,
    ...ackProblem,
  },
});
const exportDoc = createRoute({
  method: 'get',
  path: '/rules/export',
  tags,
  security,
  summary: 'Every rule as a SecurityRuleList document (YAML by default)',
  request: { query: z.strictObject({ format: z.enum(['yaml', 'json']).default('yaml') }) },
  responses: {
    200: {
      description: 'The document',
      content: {
        'application/yaml': { schema: z.string() },
        'application/json': { schema: RuleExportDocumentSchema },
      },
    },
    ...commonProblems,
  },
});
const importDoc = createRoute({
  method: 'post',
  path: '/rules/import',
  tags,
  security,
  summary:
    'Import a SecurityRuleList (YAML or JSON): all rules validated first, applied all-or-nothing; existing names are updated',
  request: {
    headers: ContentTypeHeaders,
    body: {
      required: false,
      content: {
        'application/json': { schema: RuleExportDocumentSchema },
        'application/yaml': { schema: z.string() },
      },
    },
  },
  responses: { 200: jsonAnswer(RuleImportResultSchema, 'Applied'), ...commonProblems },
});
const preview = createRoute({
  method: 'post',
  path: '/rules/preview',
  tags,
  security,
  summary:
    'Impact preview: replay a draft rule over the admissions of the last 7 or 30 days with the gate engine',
  request: jsonBody(RulePreviewRequestSchema),
  responses: {
    200: jsonAnswer(RulePreviewResultSchema, 'What the draft would have done'),
    ...commonProblems,
  },
});
const get = createRoute({
  method: 'get',
  path: '/rules/{id}',
  tags,
  security,
  summary: 'One rule; ETag is its revision',
  request: { params: IdParamsSchema },
  responses: {
    200: { ...jsonAnswer(RuleSchema, 'The rule'), headers: EtagHeader },
    ...commonProblems,
    ...notFoundProblem,
  },
});
const put = createRoute({
  method: 'put',
  path: '/rules/{id}',
  tags,
  security,
  summary:
    'Replace a rule; If-Match: "<revision>" required (412 when stale, 428 when missing); Audit→Deny or a wider Deny needs Impact-Acknowledged (428 IMPACT_NOT_ACKNOWLEDGED)',
  request: {
    params: IdParamsSchema,
    headers: AckHeaders.merge(IfMatchHeaders),
    ...jsonBody(RuleInputSchema),
  },
  responses: {
    200: { ...jsonAnswer(RuleSchema, 'Updated'), headers: EtagHeader },
    ...commonProblems,
    ...notFoundProblem,
    ...conflictProblem,
    ...preconditionProblems,
  },
});
const remove = createRoute({
  method: 'delete',
  path: '/rules/{id}',
  tags,
  security,
  summary: 'Delete a rule',
  request: { params: IdParamsSchema },
  responses: { 204: { description: 'Deleted' }, ...commonProblems, ...notFoundProblem },
});
const toggle = (what: 'enable' | 'disable') =>
  createRoute({
    method: 'post',
    path: `/rules/{id}/${what}`,
    tags,
    security,
    summary: `${what === 'enable' ? 'Enable' : 'Disable'} a rule`,
    request: { params: IdParamsSchema },
    responses: {
      200: { ...jsonAnswer(RuleSchema, 'Updated'), headers: EtagHeader },
      ...commonProblems,
      ...notFoundProblem,
    },
  });
const restore = createRoute({
  method: 'post',
  path: '/rules/{id}/restore',
  tags,
  security,
  summary: 'Restore a deleted rule (Undo) from its delete audit entry, under the same id',
  request: { params: IdParamsSchema },
  responses: {
    200: { ...jsonAnswer(RuleSchema, 'Restored'), headers: EtagHeader },
    ...commonProblems,
    ...notFoundProblem,
    ...conflictProblem,
  },
});
const enable = toggle('enable');
const disable = toggle('disable');

export const rulesRoutes = createRouter()
  .openapi(list, async (c) => c.json({ items: await listAllRules(c.get('deps')) }, 200))
  .openapi(create, async (c) => {
    const rule = await createRule(
      c.get('deps'),
      c.get('user').username,
      c.req.valid('json'),
      c.req.valid('header')[IMPACT_ACK_HEADER],
    );
    c.header('ETag', etag(rule.revision));
    return c.json(rule, 201);
  })
  .openapi(exportDoc, async (c) => {
    const format = c.req.valid('query').format;
    const text = await exportRules(c.get('deps'), format);
    return c.body(text, 200, {
      'content-type': format === 'json' ? 'application/json' : 'application/yaml; charset=utf-8',
    });
  })
  .openapi(importDoc, async (c) => {
    const type = c.req.valid('header')['content-type'] ?? '';
    const text = /json/i.test(type) ? JSON.stringify(c.req.valid('json')) : await c.req.text();
    return c.json(await importRules(c.get('deps'), c.get('user').username, text), 200);
  })
  .openapi(preview, async (c) => c.json(await previewRule(c.get('deps'), c.req.valid('json')), 200))
  .openapi(get, async (c) => {
    const rule = await readRule(c.get('deps'), c.req.valid('param').id);
    c.header('ETag', etag(rule.revision));
    return c.json(rule, 200);
  })
  .openapi(put, async (c) => {
    const revision = parseIfMatch(c.req.valid('header')['if-match']);
    const rule = await replaceRule(
      c.get('deps'),
      c.get('user').username,
      c.req.valid('param').id,
      revision,
      c.req.valid('json'),
      c.req.valid('header')[IMPACT_ACK_HEADER],
    );
    c.header('ETag', etag(rule.revision));
    return c.json(rule, 200);
  })
  .openapi(remove, async (c) => {
    await removeRule(c.get('deps'), c.get('user').username, c.req.valid('param').id);
    return c.body(null, 204);
  })
  .openapi(restore, async (c) => {
    const rule = await restoreRule(c.get('deps'), c.get('user').username, c.req.valid('param').id);
    c.header('ETag', etag(rule.revision));
    return c.json(rule, 200);
  })
  .openapi(enable, async (c) => {
    const rule = await setRuleEnabled(
      c.get('deps'),
      c.get('user').username,
      c.req.valid('param').id,
      true,
    );
    c.header('ETag', etag(rule.revision));
    return c.json(rule, 200);
  })
  .openapi(disable, async (c) => {
    const rule = await setRuleEnabled(
      c.get('deps'),
      c.get('user').username,
      c.req.valid('param').id,
      false,
    );
    c.header('ETag', etag(rule.revision));
    return c.json(rule, 200);
  });
