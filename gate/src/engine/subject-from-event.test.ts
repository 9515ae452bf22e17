import { AdmissionEventSchema, type AdmissionEvent } from '@gated/shared';
import { describe, expect, it } from 'vitest';
import { DIGEST_API, NOW, lookupOf, policy, rule, vuln } from '../testing/builders.js';
import { admissionRequest, loadFixture } from '../../testdata/k8s/admission-review.js';
import { compilePolicy } from './compile.js';
import { evaluateAdmission, evaluateSubject } from './evaluate.js';
import { isSubjectError } from './extract-subject.js';
import { subjectFromEvent } from './subject-from-event.js';

/** Records an event the way the runtime would, from a real evaluation of the RS-owned pod fixture. */
function recordedEvent(): AdmissionEvent {
  const request = admissionRequest(loadFixture('pod-of-replicaset'));
  const result = evaluateAdmission(request, compilePolicy(policy([])), lookupOf(), NOW);
  if (isSubjectError(result)) throw new Error(result.error);
  return AdmissionEventSchema.parse({
    id: '7f3c1f40-7f0e-4f55-9a55-2a9b8e1d6c01',
    time: new Date(NOW).toISOString(),
    clusterId: 'c-1',
    clusterName: 'aks-prod',
    environmentId: 'env-1',
    namespace: 'shop',
    kind: 'Pod',
    name: 'web-5d4f8c7b9-x2x4z',
    owner: { kind: 'Deployment', name: 'web' },
    labels: { app: 'web', tier: 'frontend' },
    operation: 'CREATE',
    user: 'system:serviceaccount:kube-system:replicaset-controller',
    images: [],
    decision: result.decision,
    decidingRule: null,
    triggeredRules: [],
    exemptionsApplied: [],
    worstFinding: null,
    reason: result.reason,
    latencyMs: 0.2,
    dryRun: false,
    trace: result.trace,
  });
}

describe('subjectFromEvent (impact preview replays)', () => {
  it('rebuilds the workload facts a draft rule needs', () => {
    const subject = subjectFromEvent(recordedEvent());
    expect(subject).toMatchObject({
      operation: 'CREATE',
      namespace: 'shop',
      kind: 'Pod',
      deploymentName: 'web',
      controllerOwned: true,
      labels: { app: 'web', tier: 'frontend' },
    });
    expect(subject.images.map((i) => i.reference)).toEqual([
      'myacr.azurecr.io/shop/api:1.4',
      expect.stringContaining('sidecar'),
      'nginx',
      'myacr.azurecr.io/shop/init-db:0.9',
    ]);
  });

  it('replaying a draft Deny rule on it shows the (softened) outcome', () => {
    const draft = rule({
      name: 'draft',
      scope: {
        name: 's',
        resourceConditions: [{ kind: 'Deployment', match: 'Equals', value: 'web' }],
      },
    });
    const d = evaluateSubject(
      subjectFromEvent(recordedEvent()),
      compilePolicy(policy([draft])),
      lookupOf({ findings: { [DIGEST_API]: [vuln('CVE-2024-0001', 'Critical')] } }),
      NOW,
    );
    expect(d.decision).toBe('Audit');
    expect(d.decidingRule?.name).toBe('draft');
  });
});
