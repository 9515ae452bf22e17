/** /vex: upload OpenVEX or CycloneDX VEX documents per environment (or for all), list and delete them. */
import { createRoute, z } from '@hono/zod-openapi';
import { StoredVexDocumentListSchema, StoredVexDocumentSchema } from '@gated/shared';
import { createRouter } from '../../lib/create-app.js';
import { IdParamsSchema } from '../../lib/id-params.js';
import {
  SECURITY_USER,
  commonProblems,
  jsonAnswer,
  notFoundProblem,
  tooLargeProblem,
} from '../../lib/openapi.js';
import { listVex, removeVex, uploadVex } from './vex.service.js';

const tags = ['vex'];
const security = SECURITY_USER;

const upload = createRoute({
  method: 'post',
  path: '/vex',
  tags,
  security,
  summary:
    'Upload an OpenVEX or CycloneDX VEX document; its not_affected / fixed statements suppress findings at evaluation',
  request: {
    query: z.strictObject({
      environmentId: z
        .string()
        .max(100)
        .optional()
        .describe('Environment whose gates apply it; omit to apply it everywhere'),
      name: z.string().min(1).max(300).optional().describe('Name shown in lists and traces'),
    }),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.looseObject({}).describe('An OpenVEX or CycloneDX VEX document'),
        },
      },
    },
  },
  responses: {
    201: jsonAnswer(StoredVexDocumentSchema, 'Stored'),
    ...commonProblems,
    ...tooLargeProblem,
  },
});
const list = createRoute({
  method: 'get',
  path: '/vex',
  tags,
  security,
  summary: 'VEX documents with their statements: of one environment (and the global ones), or all',
  request: { query: z.strictObject({ environmentId: z.string().max(100).optional() }) },
  responses: { 200: jsonAnswer(StoredVexDocumentListSchema, 'Documents'), ...commonProblems },
});
const remove = createRoute({
  method: 'delete',
  path: '/vex/{id}',
  tags,
  security,
  summary: 'Delete an uploaded VEX document',
  request: { params: IdParamsSchema },
  responses: { 204: { description: 'Deleted' }, ...commonProblems, ...notFoundProblem },
});

export const vexRoutes = createRouter()
  .openapi(upload, async (c) =>
    c.json(
      await uploadVex(
        c.get('deps'),
        c.get('user').username,
        c.req.valid('json'),
        c.req.valid('query'),
      ),
      201,
    ),
  )
  .openapi(list, async (c) =>
    c.json(await listVex(c.get('deps'), c.req.valid('query').environmentId), 200),
  )
  .openapi(remove, async (c) => {
    await removeVex(c.get('deps'), c.get('user').username, c.req.valid('param').id);
    return c.body(null, 204);
  });
