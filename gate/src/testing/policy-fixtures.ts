/**
 * Test helpers for the server, sync and findings tests: rules with every bookkeeping field filled
 * and overridable per test, over the one set of builders in `builders.ts`.
 */
import type { FindingsReport, GatePolicy, Rule } from '@gated/shared';
import { policy, report, vuln } from './builders.js';

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
  return policy(rules, {
    revision: 'r1',
    cluster: { id: 'cluster-1', name: 'prod-aks' },
    environment: { id: 'env-1', cloud: 'Azure', accountId: 'sub-1', name: 'Production' },
    portalUrl: 'https://portal.example',
    ...overrides,
  });
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
  const criticalFindings = Array.from({ length: criticals }, (_, i) =>
    vuln(`CVE-2026-${1000 + i}`, 'Critical', { fixedVersion: '3.0.9' }),
  );
  return {
    ...report(digest, criticalFindings),
    scannedAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}
