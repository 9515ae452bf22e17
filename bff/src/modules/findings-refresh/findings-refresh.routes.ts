/** POST /findings/refresh: pull an image's referrer reports from its registry now and store them. */
import { createRoute } from '@hono/zod-openapi';
import {
  AppError,
  FindingsRefreshRequestSchema,
  FindingsRefreshResultSchema,
  PROBLEM_CONTENT_TYPE,
  ProblemSchema,
} from '@gated/shared';
import { createRouter } from '../../lib/create-app.js';
import { SECURITY_USER, commonProblems, jsonAnswer, jsonBody } from '../../lib/openapi.js';
import {
  refreshFindings,
  RegistryUnavailableError,
  type FindingsRefreshDeps,
} from './findings-refresh.service.js';

const refresh = createRoute({
  method: 'post',
  path: '/findings/refresh',
  tags: ['findings'],
  security: SECURITY_USER,
  summary:
    'Pull the scan reports attached to an image in its registry (OCI referrers) and store them',
  request: jsonBody(
    FindingsRefreshRequestSchema,
    '`reference` (tag or digest reference) or `digest`',
  ),
  responses: {
    200: jsonAnswer(FindingsRefreshResultSchema, 'Reports found (possibly none) and stored'),
    ...commonProblems,
    503: {
      description: 'The registry could not be read; try again',
      content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } },
    },
  },
});

/** The module's routes; the app mounts them with its registry source and findings store. */
export function findingsRefreshRoutes(
  deps: FindingsRefreshDeps,
  options: { timeoutMs?: number } = {},
) {
  return createRouter().openapi(refresh, async (c) => {
    try {
      const result = await refreshFindings(
        c.req.valid('json'),
        deps,
        AbortSignal.timeout(options.timeoutMs ?? 30_000),
      );
      return c.json(result, 200);
    } catch (e) {
      if (e instanceof RegistryUnavailableError) throw new AppError('UNAVAILABLE', e.message);
      throw e;
    }
  });
}
