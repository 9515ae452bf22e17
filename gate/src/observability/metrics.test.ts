/** The gate's metric names and the hand-kept cells behind the hot-path metrics. */
import { describe, expect, it } from 'vitest';
import { createMetrics } from './metrics.js';

describe('gate metrics', () => {
  it('exposes the admission histogram with cumulative buckets and decisions by rule under gated_*', async () => {
    const metrics = createMetrics({ policyLoadedAt: () => null, queueDepth: () => 3 });
    metrics.observeAdmission('Deny', 'rule-1', 0.0004);
    metrics.observeAdmission('Deny', 'rule-1', 0.003);
    metrics.observeAdmission('Deny', 'rule-2', 3);
    metrics.observeAdmission('Allow', '', 0.0007);
    metrics.countDecision('Error', '');
    const text = await metrics.registry.metrics();
    expect(text).toContain('# TYPE gated_admission_duration_seconds histogram');
    expect(text).toContain(
      'gated_admission_duration_seconds_bucket{le="0.0005",decision="Deny"} 1',
    );
    expect(text).toContain('gated_admission_duration_seconds_bucket{le="0.005",decision="Deny"} 2');
    expect(text).toContain('gated_admission_duration_seconds_bucket{le="2.5",decision="Deny"} 2');
    expect(text).toContain('gated_admission_duration_seconds_bucket{le="+Inf",decision="Deny"} 3');
    expect(text).toContain('gated_admission_duration_seconds_count{decision="Deny"} 3');
    expect(text).toContain('gated_admission_duration_seconds_sum{decision="Deny"} 3.0034');
    expect(text).toContain('gated_admission_duration_seconds_count{decision="Allow"} 1');
    expect(text).toContain('gated_admission_decisions_total{decision="Deny",rule="rule-1"} 2');
    expect(text).toContain('gated_admission_decisions_total{decision="Deny",rule="rule-2"} 1');
    expect(text).toContain('gated_admission_decisions_total{decision="Allow",rule=""} 1');
    expect(text).toContain('gated_admission_decisions_total{decision="Error",rule=""} 1');
    expect(text).toContain('gated_event_queue_depth 3');
    expect(text).not.toMatch(/^gate_/m);
    // A second scrape reports the same totals (cells are published, not drained).
    expect(await metrics.registry.metrics()).toContain(
      'gated_admission_decisions_total{decision="Deny",rule="rule-1"} 2',
    );
  });
});
