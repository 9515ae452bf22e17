/**
 * SARIF 2.1.0 (OASIS), the format code-scanning UIs read: one result per denied or audited
 * workload, at the manifest line where the object starts, under the rule that decided (unreadable
 * objects under `gated/unreadable-object`). Allowed workloads produce no result.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RuleRef } from '@gated/shared';
import { GATE_VERSION } from '../../version.js';
import { messageOf, workloadName, type EvaluationReport } from './report.js';
import type { WorkloadResult } from './admit-objects.js';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const UNREADABLE = 'gated/unreadable-object';

/** A manifest path as a relative URI reference (forward slashes, each segment percent-encoded). */
export function artifactUri(file: string): string {
  if (file === '-') return 'stdin';
  return file
    .replace(/\\/g, '/')
    .replace(/^\.\//, '')
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/**
 * Where a manifest is: relative to the working folder (`%SRCROOT%`, what code scanning resolves
 * against the checkout) when it is inside it, else an absolute `file:` URI.
 */
export function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  if (file !== '-' && path.isAbsolute(file)) {
    const relative = path.relative(cwd, file);
    if (relative.startsWith('..') || path.isAbsolute(relative))
      return { uri: pathToFileURL(file).href };
    return { uri: artifactUri(relative), uriBaseId: '%SRCROOT%' };
  }
  return { uri: artifactUri(file), uriBaseId: '%SRCROOT%' };
}

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  defaultConfiguration: { level: 'error' | 'warning' };
  properties: { tags: string[]; 'security-severity': string };
}

function ruleOf(ref: RuleRef): SarifRule {
  const deny = ref.action === 'Deny';
  return {
    id: ref.id,
    name: ref.name,
    shortDescription: { text: `${ref.action} rule "${ref.name}"` },
    defaultConfiguration: { level: deny ? 'error' : 'warning' },
    properties: { tags: ['security', 'admission'], 'security-severity': deny ? '8.0' : '5.0' },
  };
}

const UNREADABLE_RULE: SarifRule = {
  id: UNREADABLE,
  name: 'Unreadable workload',
  shortDescription: {
    text: 'The gate cannot read the workload (no pod spec, a container without an image)',
  },
  defaultConfiguration: { level: 'error' },
  properties: { tags: ['admission'], 'security-severity': '5.0' },
};

function ruleIdOf(r: WorkloadResult): string | undefined {
  if (r.outcome === 'Malformed') return UNREADABLE;
  if (r.outcome === 'Deny' || r.outcome === 'Audit') return r.event?.decidingRule?.id;
  return undefined;
}

export function formatSarif(
  report: EvaluationReport,
  exitCode: number,
  cwd = process.cwd(),
): string {
  const rules: SarifRule[] = [];
  const index = new Map<string, number>();
  const addRule = (rule: SarifRule) => {
    if (!index.has(rule.id)) {
      index.set(rule.id, rules.length);
      rules.push(rule);
    }
    return index.get(rule.id) as number;
  };
  const results = report.results.flatMap((r) => {
    const ruleId = ruleIdOf(r);
    if (!ruleId) return [];
    const ref = r.event?.decidingRule;
    const ruleIndex = addRule(ref && r.outcome !== 'Malformed' ? ruleOf(ref) : UNREADABLE_RULE);
    return [
      {
        ruleId,
        ruleIndex,
        level: r.response.allowed ? 'warning' : 'error',
        message: { text: `${workloadName(r)}: ${messageOf(r)}` },
        locations: [
          {
            physicalLocation: {
              artifactLocation: artifactLocation(r.source.file, cwd),
              region: { startLine: r.source.line },
            },
            logicalLocations: [
              { name: r.name || r.kind, fullyQualifiedName: workloadName(r), kind: 'object' },
            ],
          },
        ],
        // Stable across runs, so code scanning tracks one alert per workload and rule.
        partialFingerprints: { workload: `${workloadName(r)}|${ruleId}` },
        properties: {
          decision: r.outcome,
          ...(r.event?.worstFinding ? { worstFinding: r.event.worstFinding.id } : {}),
        },
      },
    ];
  });
  const log = {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'gated-gate',
            semanticVersion: GATE_VERSION,
            rules,
          },
        },
        automationDetails: { id: `gated-gate evaluate/${report.policy.environment}/` },
        invocations: [{ executionSuccessful: true, exitCode }],
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The working folder' } } },
        properties: { policyRevision: report.policy.revision, evaluatedAt: report.at },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
