/** Gate API: policy with ETag + long-poll, batched idempotent events, batched findings lookup. */
import { createRoute, z } from '@hono/zod-openapi';
import {
  EVENT_BATCH_LIMIT_HEADER,
  GateEventBatchEnvelopeSchema,
  GateEventBatchResultSchema,
  GateFindingsRequestSchema,
  GateFindingsResponseSchema,
  GatePolicySchema,
} from '@gated/shared';
import { createRouter } from '../../lib/create-app.js';
import {
  SECURITY_GATE,
  commonProblems,
  jsonAnswer,
  jsonBody,
  tooLargeProblem,
} from '../../lib/openapi.js';
import { updateClusterRow } from '../../store/clusters.repo.js';
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
  summary:
    'Report admission events (idempotent by event id; repeats fold). Each event is checked on its own: invalid ones are listed in `refused`, the rest stored',
  description: `The body may be at most the number of bytes the \`${EVENT_BATCH_LIMIT_HEADER}\` response header of this route and of \`/gate/policy\` gives (413 beyond it).`,
  request: {
    body: {
      required: true,
      content: { 'application/json': { schema: GateEventBatchEnvelopeSchema } },
    },
  },
  responses: {
    200: jsonAnswer(GateEventBatchResultSchema, 'Stored, duplicates and refused events'),
    ...tooLargeProblem,
    ...commonProblems,
  },
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
    // How large an event batch may be: gates size their batches below it.
    c.header(EVENT_BATCH_LIMIT_HEADER, String(deps.config.bodyLimitBytes));
    const clusterId = c.get('gateClusterId');
    const { wait } = c.req.valid('query');
    const header = c.req.header('if-none-match');
    const known = header ? unquote(header) : undefined;
    const deadline = Date.now() + wait * 1000;
    const signal = c.req.raw.signal;
    let current: Awaited<ReturnType<typeof buildGatePolicy>>;
    for (;;) {
      // Subscribe before reading: a change committed after this read wakes the subscription, one
      // committed before is in the read (policy-notifier.ts) — no window in which a change is missed.
      const sub = known && wait > 0 ? await deps.notifier.subscribe() : undefined;
      try {
        current = await buildGatePolicy(deps, clusterId);
        if (!sub || current.revision !== known || Date.now() >= deadline || signal.aborted) break;
        await sub.wait(deadline - Date.now(), signal);
      } finally {
        sub?.close();
      }
    }
    // The row is written only when the revision the gate is now on is new to it.
    const cluster = c.get('gateCluster');
    if (cluster.policyRevision !== current.revision) {
      await updateClusterRow(deps.db, clusterId, { policyRevision: current.revision });
      cluster.policyRevision = current.revision;
    }
    if (known && current.revision === known) {
      c.header('ETag', `"${current.revision}"`);
      return c.body(null, 304);
    }
    c.header('ETag', `"${current.revision}"`);
    c.header('Cache-Control', 'no-store');
    return c.json(current, 200);
  })
  .openapi(events, async (c) => {
    const deps = c.get('deps');
    c.header(EVENT_BATCH_LIMIT_HEADER, String(deps.config.bodyLimitBytes));
    const batch = c.req.valid('json');
    const result = await ingestGateBatch(deps, c.get('gateCluster'), batch);
    deps.metrics.observeIngest(
      // Events are checked one by one in the service; a refused one may have no usable time.
      batch.events.flatMap((e) => {
        const time = (e as { time?: unknown }).time;
        return typeof time === 'string' ? [time] : [];
      }),
      result.accepted,
      result.duplicates,
    );
    return c.json(result, 200);
  })
  .openapi(findings, async (c) => {
    const body = c.req.valid('json');
    const cluster = c.get('gateCluster');
    return c.json(
      await gateFindings(c.get('deps'), body.digests, body.references, cluster.environmentId),
      200,
    );
  });
