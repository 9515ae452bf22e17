/** A valid AdmissionEvent for event-pipeline tests (queue, folding, reporter), with overrides. */
import { randomUUID } from 'node:crypto';
import type { AdmissionEvent } from '@gated/shared';

export function admissionEventFixture(
  name: string,
  overrides: Partial<AdmissionEvent> = {},
): AdmissionEvent {
  return {
    id: randomUUID(),
    time: new Date().toISOString(),
    clusterId: 'c1',
    clusterName: 'prod',
    environmentId: 'env-1',
    namespace: 'shop',
    kind: 'Deployment',
    name,
    owner: null,
    labels: {},
    operation: 'CREATE',
    user: 'alice',
    images: [],
    decision: 'Allow',
    decidingRule: null,
    triggeredRules: [],
    exemptionsApplied: [],
    worstFinding: null,
    reason: 'no rule triggered',
    latencyMs: 0.4,
    dryRun: false,
    count: 1,
    trace: { policyRevision: 'r1', images: [], notes: [] },
    ...overrides,
  };
}
