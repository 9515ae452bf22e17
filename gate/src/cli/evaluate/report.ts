/** What one `evaluate` run found, as every output format receives it. */
import type { SkippedObject, WorkloadResult } from './admit-objects.js';

export interface EvaluationReport {
  /** Evaluation instant (ISO). */
  at: string;
  policy: {
    revision: string;
    origin: string;
    cluster: string;
    environment: string;
    gatingEnabled: boolean;
    findingsEnabled: boolean;
  };
  findings: { files: number; reports: number; vexStatements: number; controlPlane: boolean };
  results: WorkloadResult[];
  skipped: SkippedObject[];
}

export interface Summary {
  workloads: number;
  denied: number;
  audited: number;
  allowed: number;
  notGated: number;
  excluded: number;
  skipped: number;
}

export function summarize(report: EvaluationReport): Summary {
  const count = (o: WorkloadResult['outcome']) =>
    report.results.filter((r) => r.outcome === o).length;
  return {
    workloads: report.results.length,
    // An unreadable workload is refused by the gate too (code 400): it counts as denied.
    denied: report.results.filter((r) => !r.response.allowed).length,
    audited: count('Audit'),
    allowed: count('Allow'),
    notGated: count('NotGated'),
    excluded: count('Excluded'),
    skipped: report.skipped.length,
  };
}

/** `Deployment shop/web`. */
export function workloadName(r: { kind: string; namespace: string; name: string }): string {
  return `${r.kind} ${r.namespace}/${r.name || '(no name)'}`;
}

/** `deploy/web.yaml:3`, with the List item when there is one. */
export function sourceLabel(r: WorkloadResult | SkippedObject): string {
  const s = r.source;
  return `${s.file}:${s.line}${s.item !== undefined ? ` (item ${s.item})` : ''}`;
}

/** The message the gate answered (Deny, unreadable object) or its warnings (Audit), one text. */
export function messageOf(r: WorkloadResult): string {
  if (r.response.status?.message) return r.response.status.message;
  return (r.response.warnings ?? []).join('\n');
}
