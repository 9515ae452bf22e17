/** Test helpers: GatePolicy and rules with every bookkeeping field filled, overridable per test. */
import type { FindingsReport, GatePolicy, Rule } from '@gated/shared';

export function testRule(overrides: Partial<Rule> & Pick<Rule, 'name'>): Rule {
  return {
    id: `rule-${overrides.name.toLowerCase().replace(/\W+/g, '-')}`,
    action: 'Deny',
    enabled: true,
    scope: { name: 'everything', cloudScopes: [], resourceConditions: [] },
    conditions: { severityThresholds: [{ severity: 'Critical', maxAllowed: 0 }], cveIds: [] },
    blockUnscanned: false,
    exemptions: [],
    revision: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'test',
    updatedAt: '2026-01-01T00:00:00.000Z',
    updatedBy: 'test',
    ...overrides,
  };
}

export function testPolicy(rules: Rule[], overrides: Partial<GatePolicy> = {}): GatePolicy {
  return {
    revision: 'r1',
    generatedAt: '2026-01-01T00:00:00.000Z',
    cluster: { id: 'cluster-1', name: 'prod-aks' },
    environment: { id: 'env-1', cloud: 'Azure', accountId: 'sub-1', name: 'Production' },
    gatingEnabled: true,
    findingsEnabled: true,
    registryAccessEnabled: true,
    ungatedRegistries: [],
    securityGating: { enabled: true, identities: [], allowSecretAccess: false },
    rules,
    portalUrl: 'https://portal.example',
    ...overrides,
  };
}

/** `sha256:` + 64 hex, derived from a short seed. */
export function testDigest(seed: string | number): string {
  return `sha256:${String(seed)
    .padStart(64, '0')
    .slice(-64)
    .replace(/[^0-9a-f]/g, 'a')}`;
}

export function testReport(
  digest: string,
  criticals: number,
  overrides: Partial<FindingsReport> = {},
): FindingsReport {
  return {
    digest,
    tags: [],
    scanner: { name: 'trivy', version: '0.58.0' },
    format: 'trivy',
    scannedAt: '2026-11-01T00:00:00.000Z',
    source: 'upload',
    vulnerabilities: Array.from({ length: criticals }, (_, i) => ({
      id: `CVE-2026-${1000 + i}`,
      severity: 'Critical' as const,
      package: 'openssl',
      installedVersion: '3.0.1',
      fixedVersion: '3.0.9',
    })),
    suppressed: [],
    ...overrides,
  };
}
