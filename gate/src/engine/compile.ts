/**
 * GatePolicy → CompiledPolicy, once per policy revision: drops rules that cannot apply in this
 * cluster (disabled, outside the environment's cloud scope, Cluster conditions unmet), parses label
 * selectors, computes exemption expiry instants and indexes the rest by namespace.
 */
import {
  exemptionExpiresAt,
  matchValue,
  parseLabelSelector,
  severityRank,
  type GatePolicy,
  type Rule,
} from '@gated/shared';
import type {
  CompiledCatalogues,
  CompiledCondition,
  CompiledExemption,
  CompiledPolicy,
  CompiledRule,
} from './compiled-policy.js';
import { comparisonSentence } from './match-words.js';
import { buildRuleIndex } from './rule-index.js';

/** Registry hosts as `parseImageReference` writes them, so the ungated list compares exactly. */
export function normalizeRegistryHost(host: string): string {
  const h = host.trim().toLowerCase();
  return h === 'index.docker.io' || h === 'registry-1.docker.io' ? 'docker.io' : h;
}

function compileExemptions(rule: Rule): {
  resource: CompiledExemption[];
  cve: CompiledExemption[];
} {
  const resource: CompiledExemption[] = [];
  const cve: CompiledExemption[] = [];
  rule.exemptions.forEach((e, index) => {
    let expiresAt: number | undefined;
    try {
      expiresAt = exemptionExpiresAt(e);
    } catch {
      // An unknown zone slipped past validation: treat the exemption as already expired (fail closed).
      expiresAt = Number.NEGATIVE_INFINITY;
    }
    const compiled: CompiledExemption = {
      index,
      type: e.type,
      match: e.match,
      value: e.value,
      expiresAt,
      validUntilLabel: e.validUntil ? `${e.validUntil} ${e.timeZone ?? ''}`.trim() : undefined,
    };
    (e.type === 'CVE' ? cve : resource).push(compiled);
  });
  return { resource, cve };
}

/** Compiles one rule, or says why it can never apply in this cluster. */
function compileRule(
  rule: Rule,
  order: number,
  clusterName: string,
  catalogues: CompiledCatalogues,
): CompiledRule | 'clusterMismatch' {
  const clusterReasons: string[] = [];
  const conditions: CompiledCondition[] = [];
  for (const c of rule.scope.resourceConditions) {
    if (c.kind === 'Cluster') {
      if (!matchValue(c.match, clusterName, c.value)) return 'clusterMismatch';
      clusterReasons.push(comparisonSentence('cluster', clusterName, c.match, c.value, true));
    } else if (c.kind === 'LabelSelector') {
      conditions.push({
        kind: c.kind,
        match: c.match,
        value: c.value,
        selector: parseLabelSelector(c.value),
      });
    } else {
      conditions.push({ kind: c.kind, match: c.match, value: c.value });
    }
  }
  const exemptions = compileExemptions(rule);
  return {
    rule,
    ref: { id: rule.id, name: rule.name, action: rule.action },
    order,
    clusterReasons,
    conditions,
    resourceExemptions: exemptions.resource,
    cveExemptions: exemptions.cve,
    thresholds: rule.conditions.severityThresholds.map((t) => ({
      severity: t.severity,
      rank: severityRank(t.severity),
      maxAllowed: t.maxAllowed,
      fixableOnly: t.fixableOnly === true,
    })),
    cveIds: new Set(rule.conditions.cveIds),
    blockUnscanned: rule.blockUnscanned,
    requireSignedFindings: rule.requireSignedFindings === true,
    knownExploited: rule.conditions.knownExploited === true,
    epssAtLeast: rule.conditions.epssAtLeast,
    maxReportAgeDays: rule.conditions.maxReportAgeDays,
    maxReportAgeMs:
      rule.conditions.maxReportAgeDays === undefined
        ? undefined
        : rule.conditions.maxReportAgeDays * DAY_MS,
    catalogues,
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;

function compileCatalogues(policy: GatePolicy): CompiledCatalogues {
  const { kev, epss } = policy.catalogues ?? {};
  return {
    kev: kev ? { cves: new Set(kev.cves), version: kev.version } : null,
    epss: epss
      ? {
          scores: new Map(Object.entries(epss.scores)),
          minScore: epss.minScore,
          version: epss.version,
        }
      : null,
  };
}

/** Compiles a policy once per revision; the result is immutable and shared by all evaluations. */
export function compilePolicy(policy: GatePolicy): CompiledPolicy {
  const skipped = { disabled: 0, outOfCloudScope: 0, clusterMismatch: 0 };
  const rules: CompiledRule[] = [];
  const catalogues = compileCatalogues(policy);
  policy.rules.forEach((rule, order) => {
    if (!rule.enabled) {
      skipped.disabled++;
      return;
    }
    const scopes = rule.scope.cloudScopes;
    if (scopes.length > 0 && !scopes.includes(policy.environment.id)) {
      skipped.outOfCloudScope++;
      return;
    }
    const compiled = compileRule(rule, order, policy.cluster.name, catalogues);
    if (compiled === 'clusterMismatch') skipped.clusterMismatch++;
    else rules.push(compiled);
  });
  return {
    policy,
    revision: policy.revision,
    gatingEnabled: policy.gatingEnabled,
    findingsEnabled: policy.findingsEnabled,
    ungatedRegistries: new Set(policy.ungatedRegistries.map(normalizeRegistryHost)),
    rules,
    index: buildRuleIndex(rules),
    skipped,
  };
}
