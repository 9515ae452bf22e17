/** Valid payloads for tests: rules, environments, admission events, Trivy reports. */
import { randomUUID, createHash } from 'node:crypto';
import type { AdmissionEvent, RuleInputDraft } from '@gated/shared';

export const digestOf = (s: string) => `sha256:${createHash('sha256').update(s).digest('hex')}`;

export function ruleInput(name: string, overrides: Partial<RuleInputDraft> = {}): RuleInputDraft {
  return {
    name,
    action: 'Deny',
    scope: { name: 'all' },
    conditions: { severityThresholds: [{ severity: 'Critical', maxAllowed: 0 }] },
    ...overrides,
  };
}

let account = 100000000000;
export function awsEnvironment(name = 'AWS test', extra: Record<string, unknown> = {}) {
  account += 1;
  return { cloud: 'AWS', accountId: String(account), name, ...extra };
}

export function admissionEvent(overrides: Partial<AdmissionEvent> = {}): AdmissionEvent {
  const reference = overrides.images?.[0]?.reference ?? 'demo.azurecr.io/shop/web:1.4.2';
  return {
    id: randomUUID(),
    time: new Date().toISOString(),
    clusterId: 'c',
    clusterName: 'c',
    environmentId: 'e',
    namespace: 'prod-shop',
    kind: 'Deployment',
    name: 'web',
    owner: null,
    labels: { app: 'web' },
    operation: 'CREATE',
    user: 'alice@example.com',
    images: [
      {
        reference,
        digest: digestOf(reference),
        summary: { critical: 1, high: 2, medium: 0, low: 0, unknown: 0 },
        decision: 'Deny',
      },
    ],
    decision: 'Deny',
    decidingRule: { id: 'r1', name: 'Deny criticals', action: 'Deny' },
    triggeredRules: [{ id: 'r1', name: 'Deny criticals', action: 'Deny' }],
    exemptionsApplied: [],
    worstFinding: {
      id: 'CVE-2024-3094',
      severity: 'Critical',
      package: 'xz-utils',
      fixedVersion: '5.6.1',
    },
    reason: 'image has 1 Critical finding',
    latencyMs: 2.5,
    dryRun: false,
    count: 1,
    trace: { policyRevision: 'r', images: [], notes: [] },
    ...overrides,
  };
}

export function trivyReport(
  repo: string,
  tag: string,
  vulns: { id: string; severity: string }[],
  createdAt = new Date().toISOString(),
  digestSeed = `${repo}:${tag}`,
) {
  return {
    SchemaVersion: 2,
    CreatedAt: createdAt,
    ArtifactName: `${repo}:${tag}`,
    Metadata: { RepoTags: [`${repo}:${tag}`], RepoDigests: [`${repo}@${digestOf(digestSeed)}`] },
    Results: [
      {
        Target: 'x',
        Vulnerabilities: vulns.map((v) => ({
          VulnerabilityID: v.id,
          PkgName: 'pkg',
          InstalledVersion: '1',
          Severity: v.severity,
        })),
      },
    ],
  };
}
