/**
 * Machine output: the run's summary, and per workload the AdmissionResponse the gate answers and
 * the decision details its event would record (rules, exemptions, worst finding, per-image trace).
 */
import { summarize, type EvaluationReport } from './report.js';

export function formatJson(report: EvaluationReport): string {
  const doc = {
    apiVersion: 'gated.dev/v1',
    kind: 'EvaluationReport',
    at: report.at,
    policy: report.policy,
    findings: report.findings,
    summary: summarize(report),
    results: report.results.map((r) => ({
      source: r.source,
      kind: r.kind,
      namespace: r.namespace,
      name: r.name,
      decision: r.outcome,
      allowed: r.response.allowed,
      response: r.response,
      ...(r.event
        ? {
            decidingRule: r.event.decidingRule,
            triggeredRules: r.event.triggeredRules,
            exemptionsApplied: r.event.exemptionsApplied,
            worstFinding: r.event.worstFinding,
            reason: r.event.reason,
            images: r.event.trace?.images ?? [],
            notes: r.event.trace?.notes ?? [],
          }
        : {}),
    })),
    skipped: report.skipped,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
