/** The chain as server.ts assembles it: each layer's effect and their order. */
import type { AdmissionRequest } from '@gated/shared';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { admissionRequest, loadFixture } from '../../testdata/k8s/admission-review.js';
import { FindingsCache } from '../findings/cache.js';
import type { FindingsSource } from '../findings/source.js';
import { createMetrics } from '../observability/metrics.js';
import { PolicyStore } from '../policy/store.js';
import { buildAdmissionChain } from '../server.js';
import { testPolicy, testRule } from '../testing/policy-fixtures.js';
import { AdmissionTimeoutError } from './chain.js';

function chain(
  options: {
    policy?: boolean;
    sources?: FindingsSource[];
    budgetMs?: number;
    timeoutMs?: number;
  } = {},
) {
  const store = new PolicyStore();
  if (options.policy !== false)
    store.set(
      testPolicy([
        testRule({
          name: 'Deny unscanned',
          conditions: { severityThresholds: [], cveIds: ['CVE-2024-3094'] },
          blockUnscanned: true,
        }),
      ]),
      'test',
    );
  const metrics = createMetrics({ policyLoadedAt: () => null, queueDepth: () => 0 });
  const events: unknown[] = [];
  const findings = new FindingsCache({
    sources: options.sources ?? [],
    budgetMs: options.budgetMs ?? 100,
    tagTtlMs: 1000,
    reportTtlMs: 1000,
    maxEntries: 100,
  });
  const handler = buildAdmissionChain({
    policy: store,
    findings,
    enqueue: (e) => events.push(e),
    metrics,
    logger: pino({ level: 'silent' }),
    self: { namespace: 'gated-system', serviceAccount: 'gate-sa' },
    timeoutMs: options.timeoutMs ?? 1000,
  });
  return { handler, metrics, events };
}

const request = (patch: Partial<AdmissionRequest> = {}): AdmissionRequest => ({
  ...admissionRequest(loadFixture('deployment')),
  ...patch,
});

describe('admission chain', () => {
  it('evaluates: a deny for an unscanned image with blockUnscanned, and the event only after the answer', async () => {
    const { handler, events } = chain();
    const result = await handler(request());
    expect(result.outcome).toBe('Deny');
    expect(result.response.allowed).toBe(false);
    expect(events).toHaveLength(0);
    result.after?.();
    expect(events).toHaveLength(1);
  });

  it('operation filter runs before everything else: DELETE is allowed even with no policy loaded', async () => {
    const { handler } = chain({ policy: false });
    const result = await handler(request({ operation: 'DELETE' }));
    expect(result).toMatchObject({ outcome: 'Skipped', response: { allowed: true } });
  });

  it('self exclusion runs before evaluation: the own namespace and service account pass with no policy', async () => {
    const { handler } = chain({ policy: false });
    expect((await handler(request({ namespace: 'gated-system' }))).outcome).toBe('Excluded');
    expect(
      (
        await handler(
          request({ userInfo: { username: 'system:serviceaccount:gated-system:gate-sa' } }),
        )
      ).outcome,
    ).toBe('Excluded');
    await expect(handler(request())).rejects.toThrow(/no policy/);
  });

  it('timeout bounds evaluation: a findings source slower than the guard fails the admission (500, failurePolicy)', async () => {
    const hanging: FindingsSource = {
      name: 'slow',
      digestSource: 'report',
      lookup: () => new Promise(() => undefined),
    };
    const { handler } = chain({ sources: [hanging], budgetMs: 10_000, timeoutMs: 50 });
    await expect(handler(request())).rejects.toBeInstanceOf(AdmissionTimeoutError);
  });

  it('metrics is outermost: skipped, excluded and failed admissions are all counted', async () => {
    const { handler, metrics } = chain({ policy: false });
    await handler(request({ operation: 'DELETE' }));
    await handler(request({ namespace: 'gated-system' }));
    await handler(request()).catch(() => undefined);
    const text = await metrics.registry.metrics();
    expect(text).toContain('gated_admission_decisions_total{decision="Skipped",rule=""} 1');
    expect(text).toContain('gated_admission_decisions_total{decision="Excluded",rule=""} 1');
    expect(text).toContain('gated_admission_decisions_total{decision="Error",rule=""} 1');
  });

  it('dry-run: same answer, no event', async () => {
    const { handler } = chain();
    const result = await handler(request({ dryRun: true }));
    expect(result.outcome).toBe('Deny');
    expect(result.after).toBeUndefined();
  });
});
