/**
 * Test helpers: valid rules, policies, findings reports and findings lookups, built through the
 * shared zod schemas so that tests only ever feed the engine what the control plane could send.
 */
import {
  GatePolicySchema,
  RuleSchema,
  type FindingSeverity,
  type FindingsReport,
  type GatePolicy,
  type Rule,
  type RuleInputDraft,
  type Vulnerability,
} from '@gated/shared';
import type { FindingsAnswer, FindingsLookup } from '../engine/types.js';

export const DIGEST_API = `sha256:${'a'.repeat(64)}`;
export const DIGEST_INIT = `sha256:${'b'.repeat(64)}`;
/** The digest pinned in the sidecar image of the fixtures. */
export const DIGEST_SIDECAR =
  'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
export const DIGEST_NGINX = `sha256:${'c'.repeat(64)}`;

let counter = 0;

/** A stored rule; `draft` overrides the defaults (Deny on any Critical, whole cloud scope). */
export function rule(draft: Partial<RuleInputDraft> & { id?: string } = {}): Rule {
  counter++;
  const { id, ...input } = draft;
  return RuleSchema.parse({
    name: `rule-${counter}`,
    action: 'Deny',
    scope: { name: 'all' },
    conditions: { severityThresholds: [{ severity: 'Critical', maxAllowed: 0 }] },
    ...input,
    id: id ?? `r${counter}`,
    revision: 1,
    createdAt: '2026-01-01T00:00:00Z',
    createdBy: 'admin',
    updatedAt: '2026-01-01T00:00:00Z',
    updatedBy: 'admin',
  });
}

/** A policy for cluster `aks-prod` in environment `env-1`, gating and findings on, no ungated registries. */
export function policy(rules: Rule[], overrides: Partial<GatePolicy> = {}): GatePolicy {
  return GatePolicySchema.parse({
    revision: 'rev-1',
    generatedAt: '2026-01-01T00:00:00Z',
    cluster: { id: 'c-1', name: 'aks-prod' },
    environment: {
      id: 'env-1',
      cloud: 'Azure',
      accountId: '00000000-0000-0000-0000-000000000001',
      name: 'prod',
    },
    gatingEnabled: true,
    findingsEnabled: true,
    registryAccessEnabled: true,
    ungatedRegistries: [],
    securityGating: { enabled: true, identities: [], allowSecretAccess: false },
    rules,
    portalUrl: 'https://portal.example.com',
    ...overrides,
  });
}

/** One finding; `fixedVersion` defaults to a bumped version. */
export function vuln(
  id: string,
  severity: FindingSeverity,
  extra: Partial<Vulnerability> = {},
): Vulnerability {
  return {
    id,
    severity,
    package: 'openssl',
    installedVersion: '3.0.1',
    fixedVersion: '3.0.2',
    ...extra,
  };
}

/** A Trivy upload report for `digest`. */
export function report(digest: string, vulnerabilities: Vulnerability[]): FindingsReport {
  return {
    digest,
    tags: [],
    scanner: { name: 'trivy', version: '0.58.0' },
    format: 'trivy',
    scannedAt: '2026-01-01T00:00:00Z',
    source: 'upload',
    vulnerabilities,
    suppressed: [],
  };
}

export interface LookupSpec {
  /** Normalised tag reference → digest. */
  tags?: Record<string, string>;
  /** Digest → findings (a list is a found report), or a status. */
  findings?: Record<string, Vulnerability[] | 'unscanned' | 'unavailable'>;
}

/** The default tag map of the fixtures' images. */
export const FIXTURE_TAGS: Record<string, string> = {
  'myacr.azurecr.io/shop/api:1.4': DIGEST_API,
  'myacr.azurecr.io/shop/init-db:0.9': DIGEST_INIT,
  'docker.io/library/nginx:latest': DIGEST_NGINX,
};

/** A synchronous lookup over fixed answers; unknown digests are unscanned. */
export function lookupOf(spec: LookupSpec = {}): FindingsLookup & { calls: string[] } {
  const tags = spec.tags ?? FIXTURE_TAGS;
  const calls: string[] = [];
  return {
    calls,
    resolveDigest: (normalized) => tags[normalized],
    findings(digest): FindingsAnswer {
      calls.push(digest);
      const answer = spec.findings?.[digest];
      if (answer === undefined || answer === 'unscanned') return { status: 'unscanned' };
      if (answer === 'unavailable') return { status: 'unavailable' };
      return { status: 'found', report: report(digest, answer), source: 'upload:trivy' };
    },
  };
}

/** 2026-06-15T12:00:00Z: a fixed clock. */
export const NOW = Date.UTC(2026, 5, 15, 12);
