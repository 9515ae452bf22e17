/**
 * The benchmark's workload: the kubectl-generated Deployment fixture (three containers and an init
 * container) as an AdmissionReview body, a policy of 1,000 rules (most scoped to other namespaces,
 * as a real tenant's would be) and 100,000 findings reports to preload into the gate's cache.
 */
import type { FindingsReport, GatePolicy, Rule, Vulnerability } from '@gated/shared';
import { parseImageReference } from '@gated/shared';
import { admissionReview, loadFixture } from '../testdata/k8s/admission-review.js';
import { testDigest, testPolicy, testRule } from '../src/testing/policy-fixtures.js';

const SEVERITIES = ['Critical', 'High', 'Medium', 'Low'] as const;

export function reviewBody(): string {
  return JSON.stringify(admissionReview(loadFixture('deployment'), { uid: 'bench-0001' }));
}

/** Images of the fixture, normalised, with the digests the preloaded cache maps them to. */
export function fixtureImages(): { normalized: string; digest: string; pinned: boolean }[] {
  const object = loadFixture('deployment') as {
    spec: {
      template: { spec: { containers: { image: string }[]; initContainers?: { image: string }[] } };
    };
  };
  const pod = object.spec.template.spec;
  return [...pod.containers, ...(pod.initContainers ?? [])].map((c, i) => {
    const ref = parseImageReference(c.image);
    if ('error' in ref) throw new Error(ref.error);
    return {
      normalized: ref.normalized,
      digest: ref.digest ?? testDigest(`f${i}`),
      pinned: Boolean(ref.digest),
    };
  });
}

export function findingsReport(digest: string, seed: number, count = 30): FindingsReport {
  const vulnerabilities: Vulnerability[] = Array.from({ length: count }, (_, i) => ({
    id: `CVE-2025-${String(10_000 + ((seed * 31 + i) % 90_000))}`,
    severity: SEVERITIES[(seed + i) % 4] ?? 'Low',
    package: `pkg-${i % 25}`,
    installedVersion: '1.0.0',
    fixedVersion: '1.0.1',
  }));
  return {
    digest,
    tags: [],
    scanner: { name: 'trivy' },
    format: 'trivy',
    scannedAt: '2026-11-01T00:00:00.000Z',
    source: 'upload',
    vulnerabilities,
    suppressed: [],
  };
}

/**
 * What the bench preloads into a gate's cache: `digests` × `perDigest` findings, plus the
 * fixture's own images (tag → digest, 40 findings each).
 */
export function benchFindings(
  digests: number,
  perDigest: number,
): { reports: FindingsReport[]; tags: [string, string][] } {
  const reports: FindingsReport[] = [];
  for (let i = 0; i < digests; i++) reports.push(findingsReport(testDigest(`b${i}`), i, perDigest));
  const tags: [string, string][] = [];
  for (const [i, image] of fixtureImages().entries()) {
    if (!image.pinned) tags.push([image.normalized, image.digest]);
    reports.push(findingsReport(image.digest, i, 40));
  }
  return { reports, tags };
}

/** 1,000 rules: 10 that apply to the fixture's namespace, 990 scoped to other namespaces. */
export function benchPolicy(): GatePolicy {
  const rules: Rule[] = [];
  for (let i = 0; i < 1000; i++) {
    const applies = i < 10;
    rules.push(
      testRule({
        name: `rule-${i}`,
        action: i % 3 === 0 ? 'Deny' : 'Audit',
        scope: {
          name: applies ? 'everything' : `team-${i}`,
          cloudScopes: [],
          resourceConditions: applies
            ? []
            : [
                {
                  kind: 'Namespace',
                  match: i % 5 === 0 ? 'StartsWith' : 'Equals',
                  value: `team-${i}`,
                },
              ],
        },
        conditions: {
          severityThresholds: [{ severity: SEVERITIES[i % 4] ?? 'Low', maxAllowed: 50 + i }],
          cveIds: [`CVE-2099-${String(1000 + i)}`],
        },
      }),
    );
  }
  return testPolicy(rules, { revision: 'bench-1000' });
}
