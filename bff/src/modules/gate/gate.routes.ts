/** Gate API: policy with ETag + long-poll, batched idempotent events, batched findings lookup. */
import { createRoute, z } from '@hono/zod-openapi';
import {
  GateEventBatchResultSchema,
  GateEventBatchSchema,
  GateFindingsRequestSchema,
  GateFindingsResponseSchema,
  GatePolicySchema,
} from '@gated/shared';
import { createRouter } from '../../lib/create-app.js';
import { SECURITY_GATE, commonProblems, jsonAnswer, jsonBody } from '../../lib/openapi.js';
import { getClusterRow, updateClusterRow } from '../../store/clusters.repo.js';
import { gateFindings } from '../findings/findings.service.js';
import { ingestGateBatch } from './gate-events.service.js';
import { buildGatePolicy } from './gate-policy.service.js';

const tags = ['gate'];
const security = SECURITY_GATE;
const MAX_WAIT_S = 300;

const policy = createRoute({
  method: 'get',
  path: '/gate/policy',
  tags,
  security,
  summary:
    'The cluster policy; ETag = revision. With If-None-Match and ?wait=N, waits up to N s for a change (304 when none)',
  request: {
    query: z.strictObject({ wait: z.coerce.number().int().min(0).max(MAX_WAIT_S).default(0) }),
    headers: z.object({ 'if-none-match': z.string().max(200).optional() }),
  },
  responses: {
    200: jsonAnswer(GatePolicySchema, 'The policy'),
    304: { description: 'Unchanged' },
    ...commonProblems,
  },
});
const events = createRoute({
  method: 'post',
  path: '/gate/events',
  tags,
  security,
  summary: 'Report admission events (idempotent by event id; repeats fold)',
  request: jsonBody(GateEventBatchSchema),
  responses: { 200: jsonAnswer(GateEventBatchResultSchema, 'Ingested'), ...commonProblems },
});
const findings = createRoute({
  method: 'post',
  path: '/gate/findings',
  tags,
  security,
  summary: 'Findings of several digests and tag → digest resolution, in one call',
  request: jsonBody(GateFindingsRequestSchema),
  responses: {
    200: jsonAnswer(GateFindingsResponseSchema, 'Reports per digest'),
    ...commonProblems,
  },
});

const unquote = (etag: string) => etag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');

export const gateRoutes = createRouter()
  .openapi(policy, async (c) => {
    const deps = c.get('deps');
    const clusterId = c.get('gateClusterId');
    const { wait } = c.req.valid('query');
    const known = c.req.header('if-none-match');
    let current = await buildGatePolicy(deps, clusterId);
    if (known && unquote(known) === current.revision) {
      const deadline = Date.now() + wait * 1000;
      while (Date.now() < deadline) {
        await deps.notifier.wait(deadline - Date.now(), c.req.raw.signal);
        if (c.req.raw.signal.aborted) break;
        current = await buildGatePolicy(deps, clusterId);
        if (current.revision !== unquote(known)) break;
      }
      if (current.revision === unquote(known)) {
        await updateClusterRow(deps.db, clusterId, { policyRevision: current.revision });
        c.header('ETag', `"${current.revision}"`);
        return c.body(null, 304);
      }
    }
    await updateClusterRow(deps.db, clusterId, { policyRevision: current.revision });
    c.header('ETag', `"${current.revision}"`);
    c.header('Cache-Control', 'no-store');
    return c.json(current, 200);
  })
  .openapi(events, async (c) =>
    c.json(await ingestGateBatch(c.get('deps'), c.get('gateClusterId'), c.req.valid('json')), 200),
  )
  .openapi(findings, async (c) => {
    const body = c.req.valid('json');
    const cluster = await getClusterRow(c.get('deps').db, c.get('gateClusterId'));
    return c.json(
      await gateFindings(c.get('deps'), body.digests, body.references, cluster?.environmentId),
      200,
    );
  });
