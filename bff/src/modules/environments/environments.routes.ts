/** /environments: list, create, get, PATCH toggles/registries, install security gating. */
import { createRoute } from '@hono/zod-openapi';
import {
  CreateEnvironmentInputSchema,
  EnvironmentListSchema,
  EnvironmentSchema,
  PatchEnvironmentInputSchema,
  SwitchOffImpactSchema,
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
} from '../../lib/openapi.js';
import {
  createEnvironment,
  installGating,
  listEnvironments,
  patchEnvironment,
  readEnvironment,
} from './environments.service.js';
import { switchOffImpact } from './switch-off-impact.service.js';

const tags = ['environments'];
const security = SECURITY_USER;

const list = createRoute({
  method: 'get',
  path: '/environments',
  tags,
  security,
  summary: 'List environments',
  responses: { 200: jsonAnswer(EnvironmentListSchema, 'Environments'), ...commonProblems },
});
const create = createRoute({
  method: 'post',
  path: '/environments',
  tags,
  security,
  summary: 'Create an environment (all four toggles on unless given)',
  request: jsonBody(CreateEnvironmentInputSchema),
  responses: { 201: jsonAnswer(EnvironmentSchema, 'Created'), ...commonProblems },
});
const get = createRoute({
  method: 'get',
  path: '/environments/{id}',
  tags,
  security,
  summary: 'One environment',
  request: { params: IdParamsSchema },
  responses: {
    200: jsonAnswer(EnvironmentSchema, 'The environment'),
    ...commonProblems,
    ...notFoundProblem,
  },
});
const patch = createRoute({
  method: 'patch',
  path: '/environments/{id}',
  tags,
  security,
  summary: 'Change toggles, name or ungated registries (a child on while its parent is off → 400)',
  request: { params: IdParamsSchema, ...jsonBody(PatchEnvironmentInputSchema) },
  responses: {
    200: jsonAnswer(EnvironmentSchema, 'Updated'),
    ...commonProblems,
    ...notFoundProblem,
  },
});
const install = createRoute({
  method: 'post',
  path: '/environments/{id}/security-gating',
  tags,
  security,
  summary: 'Install security gating: 201 the first time, 409 after',
  request: { params: IdParamsSchema },
  responses: {
    201: jsonAnswer(EnvironmentSchema, 'Installed'),
    ...commonProblems,
    ...notFoundProblem,
    ...conflictProblem,
  },
});
const impact = createRoute({
  method: 'get',
  path: '/environments/{id}/switch-off-impact',
  tags,
  security,
  summary: 'How many clusters and rules turning Defender Sensor or Security Gating off would reach',
  request: { params: IdParamsSchema },
  responses: {
    200: jsonAnswer(SwitchOffImpactSchema, 'The counts'),
    ...commonProblems,
    ...notFoundProblem,
  },
});

export const environmentsRoutes = createRouter()
  .openapi(list, async (c) => c.json({ items: await listEnvironments(c.get('deps')) }, 200))
  .openapi(create, async (c) =>
    c.json(
      await createEnvironment(c.get('deps'), c.get('user').username, c.req.valid('json')),
      201,
    ),
  )
  .openapi(impact, async (c) =>
    c.json(await switchOffImpact(c.get('deps'), c.req.valid('param').id), 200),
  )
  .openapi(get, async (c) =>
    c.json(await readEnvironment(c.get('deps'), c.req.valid('param').id), 200),
  )
  .openapi(patch, async (c) =>
    c.json(
      await patchEnvironment(
        c.get('deps'),
        c.get('user').username,
        c.req.valid('param').id,
        c.req.valid('json'),
      ),
      200,
    ),
  )
  .openapi(install, async (c) =>
    c.json(
      await installGating(c.get('deps'), c.get('user').username, c.req.valid('param').id),
      201,
    ),
  );
