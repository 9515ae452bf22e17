/** The human output (default): one line per workload, then each denial's message and each warning. */
import {
  messageOf,
  sourceLabel,
  summarize,
  workloadName,
  type EvaluationReport,
} from './report.js';

const LABEL: Record<string, string> = {
  Deny: 'DENY',
  Malformed: 'DENY',
  Audit: 'AUDIT',
  Allow: 'ALLOW',
  NotGated: 'NOT GATED',
  Excluded: 'EXCLUDED',
};

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

export function formatTable(report: EvaluationReport): string {
  const s = summarize(report);
  const out: string[] = [];
  out.push(
    `Policy ${report.policy.revision} (${report.policy.origin}), cluster ${report.policy.cluster}, environment ${report.policy.environment}, at ${report.at}`,
  );
  if (!report.policy.gatingEnabled) out.push('Security Gating is off: nothing is gated.');
  if (report.findings.files === 0 && !report.findings.controlPlane)
    out.push('No findings given (--findings): every image counts as unscanned.');
  out.push('');
  if (report.results.length > 0) {
    const rows = [['RESULT', 'WORKLOAD', 'RULE', 'SOURCE']];
    for (const r of report.results) {
      rows.push([
        LABEL[r.outcome] ?? r.outcome,
        workloadName(r),
        r.event?.decidingRule?.name ?? (r.outcome === 'Malformed' ? '(unreadable object)' : '-'),
        sourceLabel(r),
      ]);
    }
    out.push(table(rows), '');
  }
  for (const r of report.results) {
    const message = messageOf(r);
    if (!message) continue;
    const what = r.response.allowed ? 'warned' : 'denied';
    out.push(`${workloadName(r)} ${what} (${sourceLabel(r)}):`, indent(message), '');
  }
  const kinds = [...new Set(report.skipped.map((k) => k.kind))].sort();
  out.push(
    `${s.workloads} workload${s.workloads === 1 ? '' : 's'}: ${s.denied} denied, ${s.audited} audited, ${s.allowed} allowed, ${s.notGated} not gated, ${s.excluded} excluded` +
      (s.skipped > 0
        ? `; ${s.skipped} other object${s.skipped === 1 ? '' : 's'} not gated (${kinds.join(', ')})`
        : ''),
  );
  return `${out.join('\n')}\n`;
}
