/**
 * The admission chain server.ts assembles, over a policy of `rules` and an empty findings cache,
 * recording the events it enqueues and the repeats it offers to fold.
 */
import type { AdmissionEvent, Rule } from '@gated/shared';
import { pino } from 'pino';
import type { EventRepeat } from '../events/event.js';
import { FindingsCache } from '../findings/cache.js';
import { createMetrics } from '../observability/metrics.js';
import { PolicyStore } from '../policy/store.js';
import { buildAdmissionChain } from '../server.js';
import { testPolicy } from './policy-fixtures.js';

export function recordingChain(
  rules: Rule[],
  options: { fold?: () => boolean; timeoutMs?: number } = {},
) {
  const store = new PolicyStore();
  store.set(testPolicy(rules), 'test');
  const events: AdmissionEvent[] = [];
  const repeats: EventRepeat[] = [];
  const handler = buildAdmissionChain({
    policy: store,
    findings: new FindingsCache({
      sources: [],
      budgetMs: 100,
      tagTtlMs: 1000,
      reportTtlMs: 1000,
      maxEntries: 100,
    }),
    enqueue: (e) => events.push(e),
    foldRepeat: (r) => {
      repeats.push(r);
      return options.fold?.() ?? false;
    },
    metrics: createMetrics({ policyLoadedAt: () => null, queueDepth: () => 0 }),
    logger: pino({ level: 'silent' }),
    self: { namespace: 'gated-system', serviceAccount: 'gate-sa' },
    timeoutMs: options.timeoutMs ?? 1000,
  });
  return { handler, events, repeats };
}
