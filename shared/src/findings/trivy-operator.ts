import type { FieldError } from '../errors/problem.schema.js';
import { InputError } from '../errors/errors.js';
import type { FindingsReport, Vulnerability } from './findings.schema.js';
import {
  asDigest,
  cvssScore,
  dedupeVulnerabilities,
  entriesOf,
  recordOf,
  refuseUnreadableEntries,
  reportTime,
  tagsFromRepoTags,
  textOf,
  type ReportContext,
  normalizeSeverity,
} from './report-common.js';

/** True when the document is a Trivy Operator `VulnerabilityReport` custom resource (`kubectl get -o json`). */
export function isTrivyOperatorReport(doc: Record<string, unknown>): boolean {
  return (
    doc.kind === 'VulnerabilityReport' &&
    typeof doc.apiVersion === 'string' &&
    doc.apiVersion.startsWith('aquasecurity.github.io/')
  );
}

/** How many findings the operator's own `summary` counts, or 0 when it has none. */
function summaryCount(summary: unknown): number {
  const s = recordOf(summary) ?? {};
  return ['criticalCount', 'highCount', 'mediumCount', 'lowCount', 'unknownCount']
    .map((k) => s[k])
    .reduce<number>(
      (n, c) => n + (typeof c === 'number' && Number.isFinite(c) && c > 0 ? c : 0),
      0,
    );
}

function operatorVulnerabilities(report: Record<string, unknown>): Vulnerability[] {
  const out: Vulnerability[] = [];
  const problems: FieldError[] = [];
  const entries = entriesOf(report.vulnerabilities, 'report.vulnerabilities', problems);
  // The summary counts what the operator found: a list that lost some of them (truncated, or dropped)
  // must not be stored as if it were complete. Raw entries are compared, before de-duplication merges any.
  const counted = summaryCount(report.summary);
  if (problems.length === 0 && counted > entries.length)
    throw new InputError(
      'The VulnerabilityReport lists fewer findings than its summary counts; the report is refused rather than stored with fewer findings',
      [
        {
          path: 'report.vulnerabilities',
          message: `The summary counts ${counted} findings but the list holds ${entries.length === 0 ? 'none' : entries.length}`,
        },
      ],
    );
  entries.forEach((e, i) => {
    const v = recordOf(e);
    const id = textOf(v?.vulnerabilityID);
    if (!v || !id) {
      problems.push({
        path: `report.vulnerabilities.${i}.vulnerabilityID`,
        message: 'Expected the vulnerability ID as text',
      });
      return;
    }
    const fixed = textOf(v.fixedVersion);
    const title = textOf(v.title);
    const purl = textOf(v.packagePURL);
    const score = cvssScore(v.score);
    out.push({
      id,
      severity: normalizeSeverity(textOf(v.severity)),
      package: textOf(v.resource) ?? textOf(v.pkgName) ?? 'unknown',
      installedVersion: textOf(v.installedVersion) ?? '',
      ...(fixed ? { fixedVersion: fixed } : {}),
      ...(purl ? { purl } : {}),
      ...(score !== undefined ? { cvss: score } : {}),
      ...(title ? { title } : {}),
    });
  });
  refuseUnreadableEntries('VulnerabilityReport', entries.length, problems);
  return dedupeVulnerabilities(out);
}

/**
 * Turns a Trivy Operator `VulnerabilityReport` into a findings report. The image is
 * `report.registry.server` + `report.artifact.repository` (+ `tag`); its digest is `report.artifact.digest`
 * when the operator wrote one, else the context's (the upload's `digest`).
 */
export function parseTrivyOperatorReport(
  input: unknown,
  ctx: ReportContext = {},
): FindingsReport[] {
  const report = recordOf(recordOf(input)?.report);
  if (!report)
    throw new InputError('Not a Trivy Operator VulnerabilityReport', [
      { path: 'report', message: 'Expected the report object of the custom resource' },
    ]);
  const artifact = recordOf(report.artifact) ?? {};
  const server = textOf(recordOf(report.registry)?.server);
  const repo = textOf(artifact.repository);
  const tag = textOf(artifact.tag);
  const image = repo ? `${server ? `${server}/` : ''}${repo}` : undefined;
  const tags = image && tag ? tagsFromRepoTags([`${image}:${tag}`]) : [];
  const digest = asDigest(ctx.digest) ?? asDigest(textOf(artifact.digest));
  if (!digest)
    throw new InputError('The report names no image digest', [
      {
        path: 'report.artifact.digest',
        message: 'Give the digest of the scanned image with the upload',
      },
    ]);
  const repository = ctx.repository ?? tags[0]?.repository;
  const scanner = recordOf(report.scanner) ?? {};
  const version = textOf(scanner.version);
  return [
    {
      digest,
      ...(repository ? { repository } : {}),
      tags: tags.filter((t) => t.repository === repository).map((t) => t.normalized),
      scanner: {
        name: (textOf(scanner.name) ?? 'trivy').toLowerCase().slice(0, 100),
        ...(version ? { version: version.slice(0, 100) } : {}),
      },
      format: 'trivy-operator',
      scannedAt: reportTime(
        report.updateTimestamp ?? recordOf(recordOf(input)?.metadata)?.creationTimestamp,
        ctx,
      ),
      source: ctx.source ?? 'upload',
      vulnerabilities: operatorVulnerabilities(report),
      suppressed: [],
    },
  ];
}
