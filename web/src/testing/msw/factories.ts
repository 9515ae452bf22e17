// Test-data factories: valid entities of the shared schemas, with overrides. Deterministic (a
// counter, not Math.random) so tests and screenshots are stable.
import {
  type AdmissionEvent,
  type Cluster,
  DEFAULT_EXTENSIONS,
  DEFAULT_UNGATED_REGISTRIES,
  type Decision,
  type Environment,
  type FindingsSummary,
  type Rule,
  type RuleInput,
} from '@gated/shared';
import { TEST_NOW } from '@/testing/clock';

let counter = 0;
/** Restarts ids, so each test sees the same data. */
export function resetFactorySequence(): void {
  counter = 0;
}
const next = () => ++counter;
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0').slice(-width);

/** A valid v4-shaped UUID derived from a number. */
export function uuidFor(n: number): string {
  return `${hex(n, 8)}-0000-4000-8000-${hex(n * 7919, 12)}`;
}
export function digestFor(n: number): string {
  return `sha256:${hex(n, 8).repeat(8)}`;
}

/** Factory data is dated relative to the tests' controlled now, an hour before it. */
const BASE_TIME = TEST_NOW - 3_600_000;
export const iso = (ms: number) => new Date(ms).toISOString();

export function makeEnvironment(overrides: Partial<Environment> = {}): Environment {
  const n = next();
  return {
    id: `env-${n}`,
    cloud: 'Azure',
    accountId: `${hex(n, 8)}-1111-2222-3333-444455556666`,
    name: `Subscription ${n}`,
    extensions: structuredClone(DEFAULT_EXTENSIONS),
    ungatedRegistries: [...DEFAULT_UNGATED_REGISTRIES],
    gatingInstalledAt: iso(BASE_TIME - 86_400_000),
    revision: 1,
    createdAt: iso(BASE_TIME - 7 * 86_400_000),
    updatedAt: iso(BASE_TIME - 86_400_000),
    ...overrides,
  };
}

export function makeCluster(overrides: Partial<Cluster> = {}): Cluster {
  const n = next();
  return {
    id: `cluster-${n}`,
    environmentId: 'env-1',
    name: `aks-prod-${n}`,
    provider: 'AKS',
    securityGating: { enabled: true, identities: [], allowSecretAccess: false },
    lastSeenAt: iso(BASE_TIME - 60_000),
    gateVersion: '0.1.0',
    policyRevision: '7',
    gateP99Ms: 12,
    createdAt: iso(BASE_TIME - 5 * 86_400_000),
    ...overrides,
  };
}

export function makeRuleInput(overrides: Partial<RuleInput> = {}): RuleInput {
  const n = next();
  return {
    name: `Rule ${n}`,
    action: 'Audit',
    enabled: true,
    scope: { name: 'All', cloudScopes: [], resourceConditions: [] },
    conditions: { severityThresholds: [{ severity: 'High', maxAllowed: 0 }], cveIds: [] },
    blockUnscanned: false,
    exemptions: [],
    ...overrides,
  };
}

export function makeRule(overrides: Partial<Rule> = {}): Rule {
  const input = makeRuleInput();
  const n = next();
  return {
    ...input,
    id: `rule-${n}`,
    revision: 1,
    createdAt: iso(BASE_TIME - 3 * 86_400_000),
    createdBy: 'admin',
    updatedAt: iso(BASE_TIME - 86_400_000),
    updatedBy: 'admin',
    ...overrides,
  };
}

const DECISIONS: Decision[] = ['Allow', 'Allow', 'Audit', 'Deny', 'Allow', 'NotGated'];
const NAMESPACES = ['shop', 'payments', 'dev-team', 'monitoring'];

function summaryFor(decision: Decision, n: number): FindingsSummary | null {
  if (decision === 'NotGated') return null;
  if (decision === 'Allow') return { critical: 0, high: 0, medium: n % 4, low: n % 7, unknown: 0 };
  return {
    critical: decision === 'Deny' ? 1 + (n % 3) : 0,
    high: 2 + (n % 5),
    medium: 4,
    low: 9,
    unknown: 0,
  };
}

/** An admission event with a full trace; `n` spreads time, decision and workload deterministically. */
export function makeAdmissionEvent(
  overrides: Partial<AdmissionEvent> = {},
  rule?: Pick<Rule, 'id' | 'name' | 'action'>,
): AdmissionEvent {
  const n = next();
  const decision = overrides.decision ?? DECISIONS[n % DECISIONS.length] ?? 'Allow';
  const namespace = overrides.namespace ?? NAMESPACES[n % NAMESPACES.length] ?? 'shop';
  const triggered = decision === 'Audit' || decision === 'Deny';
  // The given rule decides when its action is the decision; otherwise the default Audit rule does.
  const ruleRef =
    rule && (!triggered || rule.action === decision)
      ? { id: rule.id, name: rule.name, action: rule.action }
      : { id: 'rule-default', name: 'Default: High or Critical', action: 'Audit' as const };
  const deciding = triggered ? ruleRef : null;
  const registry = decision === 'NotGated' ? 'mcr.microsoft.com' : 'myregistry.azurecr.io';
  const reference = `${registry}/team/app-${n % 5}:1.${n % 9}`;
  const summary = summaryFor(decision, n);
  const worst = triggered
    ? {
        id: `CVE-2024-${String(3000 + (n % 90)).padStart(4, '0')}`,
        severity: decision === 'Deny' ? ('Critical' as const) : ('High' as const),
        package: 'openssl',
        installedVersion: '3.0.1',
        fixedVersion: '3.0.13',
      }
    : null;
  const time = overrides.time ?? iso(BASE_TIME - n * 97_000);
  return {
    id: uuidFor(n),
    time,
    clusterId: 'cluster-1',
    clusterName: 'aks-prod-1',
    environmentId: 'env-1',
    namespace,
    kind: 'Deployment',
    name: `web-${n % 11}`,
    owner: null,
    labels: { app: `web-${n % 11}` },
    operation: n % 3 === 0 ? 'UPDATE' : 'CREATE',
    user: 'system:serviceaccount:ci:deployer',
    images: [{ reference, digest: digestFor(n), summary, decision }],
    decision,
    decidingRule: deciding,
    triggeredRules: deciding ? [deciding] : [],
    exemptionsApplied: [],
    worstFinding: worst,
    reason: triggered
      ? `${reference}: ${worst?.id ?? ''} (Critical/High) exceeds ${ruleRef.name}`
      : decision === 'NotGated'
        ? `${registry} is ungated`
        : 'No rule triggered',
    latencyMs: 3 + (n % 20),
    dryRun: false,
    count: 1,
    trace: {
      policyRevision: '7',
      notes: [],
      images: [
        {
          container: 'app',
          containerType: 'container',
          reference,
          normalized: reference,
          registry,
          repository: `team/app-${n % 5}`,
          digest: digestFor(n),
          digestSource: 'report',
          findingsStatus: decision === 'NotGated' ? 'notGated' : 'found',
          summary,
          worstFindings: worst ? [{ ...worst, source: 'upload:trivy' }] : [],
          suppressed: [],
          decision,
          rules:
            decision === 'NotGated'
              ? []
              : [
                  {
                    rule: ruleRef,
                    applies: true,
                    reason: 'no resource conditions: applies to the whole cloud scope',
                    triggered,
                    triggers: !triggered
                      ? []
                      : decision === 'Deny'
                        ? [`${summary?.critical ?? 0} Critical findings > 0 allowed`]
                        : [
                            `${(summary?.critical ?? 0) + (summary?.high ?? 0)} High or Critical findings > 0 allowed`,
                          ],
                    exemptionsHit: [],
                  },
                ],
        },
      ],
    },
    ...overrides,
  };
}
