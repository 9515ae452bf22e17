/**
 * JUnit XML, the format CI systems show as test results: one suite per manifest file, one test case
 * per workload. A denial is a failure (its message as the text), an audit passes with its warnings
 * in `system-out`, a workload the gate never evaluates (not gated, excluded namespace) is skipped.
 * Every attribute and text is escaped, and characters XML 1.0 cannot carry at all are dropped.
 */
import { messageOf, summarize, workloadName, type EvaluationReport } from './report.js';
import type { WorkloadResult } from './admit-objects.js';

/** Characters outside XML 1.0's `Char` production (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/F). */
const NOT_XML_CHAR =
  // eslint-disable-next-line no-control-regex -- these control characters are exactly what must go
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text content: `&`, `<`, `>` escaped (`>` too, so `]]>` can never appear). */
export function xmlText(value: string): string {
  return value
    .replace(NOT_XML_CHAR, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Attribute value (double-quoted): also quotes, and line breaks and tabs as references so they survive normalisation. */
export function xmlAttr(value: string): string {
  return xmlText(value)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

function testcase(r: WorkloadResult): string {
  const head = `    <testcase classname="${xmlAttr(r.source.file)}" name="${xmlAttr(workloadName(r))}" time="0">`;
  const message = messageOf(r);
  if (!r.response.allowed) {
    const type = r.outcome === 'Malformed' ? 'UnreadableObject' : 'Deny';
    const first = message.split('\n')[0] ?? '';
    return `${head}\n      <failure type="${type}" message="${xmlAttr(first)}">${xmlText(message)}</failure>\n    </testcase>`;
  }
  if (r.outcome === 'NotGated' || r.outcome === 'Excluded') {
    const why =
      r.outcome === 'Excluded'
        ? `namespace ${r.namespace} is never sent to the gate`
        : (r.event?.reason ?? 'not gated');
    return `${head}\n      <skipped message="${xmlAttr(why)}"/>\n    </testcase>`;
  }
  if (message)
    return `${head}\n      <system-out>${xmlText(message)}</system-out>\n    </testcase>`;
  return `${head}</testcase>`;
}

export function formatJunit(report: EvaluationReport): string {
  const s = summarize(report);
  const files = [...new Set(report.results.map((r) => r.source.file))];
  const suites = files.map((file) => {
    const cases = report.results.filter((r) => r.source.file === file);
    const failures = cases.filter((r) => !r.response.allowed).length;
    const skipped = cases.filter(
      (r) => r.outcome === 'NotGated' || r.outcome === 'Excluded',
    ).length;
    return [
      `  <testsuite name="${xmlAttr(file)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="0" timestamp="${xmlAttr(report.at.replace(/\.\d+Z$/, ''))}">`,
      ...cases.map(testcase),
      '  </testsuite>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="gated-gate evaluate" tests="${s.workloads}" failures="${s.denied}" errors="0" skipped="${s.notGated + s.excluded}" time="0">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
