/** /clusters: list, register (gate token once), get, delete, PUT the IaC securityGating block. */
import { createRoute, z } from '@hono/zod-openapi';
import {
  ClusterListSchema,
  ClusterSchema,
  RegisterClusterInputSchema,
  RegisteredClusterSchema,
  SecurityGatingBlockSchema,
} from '@gated/shared';
import { createRouter } from '../../lib/create-app.js';
import { IdParamsSchema } from '../../lib/id-params.js';
import {
  SECURITY_USER,
  commonProblems,
  jsonAnswer,
  jsonBody,
  notFoundProblem,
} from '../../lib/openapi.js';
import {
  listClusters,
  putSecurityGating,
  readCluster,
  registerCluster,
  removeCluster,
} from './clusters.service.js';

const tags = ['clusters'];
const security = SECURITY_USER;

const list = createRoute({
  method: 'get',
  path: '/clusters',
  tags,
  security,
  summary: 'List clusters, optionally of one environment',
  request: { query: z.strictObject({ environmentId: z.string().max(100).optional() }) },
  responses: { 200: jsonAnswer(ClusterListSchema, 'Clusters'), ...commonProblems },
});
const register = createRoute({
  method: 'post',
  path: '/clusters',
  tags,
  security,
  summary: 'Register a cluster; the gate token is shown once',
  request: jsonBody(RegisterClusterInputSchema),
  responses: { 201: jsonAnswer(RegisteredClusterSchema, 'Registered'), ...commonProblems },
});
const get = createRoute({
  method: 'get',
  path: '/clusters/{id}',
  tags,
  security,
  summary: 'One cluster with its gate status',
  request: { params: IdParamsSchema },
  responses: {
    200: jsonAnswer(ClusterSchema, 'The cluster'),
    ...commonProblems,
    ...notFoundProblem,
  },
});
const remove = createRoute({
  method: 'delete',
  path: '/clusters/{id}',
  tags,
  security,
  summary: 'Delete a cluster (its gate token stops working)',
  request: { params: IdParamsSchema },
  responses: { 204: { description: 'Deleted' }, ...commonProblems, ...notFoundProblem },
});
const putGating = createRoute({
  method: 'put',
  path: '/clusters/{id}/security-gating',
  tags,
  security,
  summary: 'Set the securityGating IaC block (idempotent)',
  request: { params: IdParamsSchema, ...jsonBody(SecurityGatingBlockSchema) },
  responses: { 200: jsonAnswer(ClusterSchema, 'Updated'), ...commonProblems, ...notFoundProblem },
});

export const clustersRoutes = createRouter()
  .openapi(list, async (c) =>
    c.json({ items: await listClusters(c.get('deps'), c.req.valid('query').environmentId) }, 200),
  )
  .openapi(register, async (c) =>
    c.json(await registerCluster(c.get('deps'), c.get('user').username, c.req.valid('json')), 201),
  )
  .openapi(get, async (c) => c.json(await readCluster(c.get('deps'), c.req.valid('param').id), 200))
  .openapi(remove, async (c) => {
    await removeCluster(c.get('deps'), c.get('user').username, c.req.valid('param').id);
    return c.body(null, 204);
  })
  .openapi(putGating, async (c) =>
    c.json(
      await putSecurityGating(
        c.get('deps'),
        c.get('user').username,
        c.req.valid('param').id,
        c.req.valid('json'),
      ),
      200,
    ),
  );
