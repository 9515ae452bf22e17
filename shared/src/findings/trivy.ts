import type { FieldError } from '../errors/problem.schema.js';
import { InputError } from '../errors/errors.js';
import type { FindingsReport, Vulnerability } from './findings.schema.js';
import {
  cvssScore,
  dedupeVulnerabilities,
  digestsFromRepoDigests,
  entriesOf,
  recordOf,
  refuseUnreadableEntries,
  reportTime,
  repositoryOfTags,
  stringsOf,
  tagsForRepository,
  tagsFromRepoTags,
  textOf,
  type ReportContext,
  normalizeSeverity,
} from './report-common.js';

export { normalizeSeverity };

/** True when the document looks like `trivy image -f json` output (v1 lists results at the top level). */
export function isTrivyReport(doc: Record<string, unknown>): boolean {
  return (
    typeof doc.ArtifactName === 'string' &&
    ('Results' in doc || 'SchemaVersion' in doc || 'Metadata' in doc)
  );
}

/**
 * The findings of a Trivy report's `Results`. Only `VulnerabilityID` is required of an entry; every other
 * field is read when it has a usable type and ignored otherwise, so a changed metadata field never empties
 * a report. An entry without an ID refuses the report (see `refuseUnreadableEntries`).
 */
export function trivyVulnerabilities(results: unknown): Vulnerability[] {
  const out: Vulnerability[] = [];
  const problems: FieldError[] = [];
  let total = 0;
  entriesOf(results, 'Results', problems).forEach((raw, i) => {
    const result = recordOf(raw);
    // A result that is not an object may have held findings: refused, not skipped as empty.
    if (!result) problems.push({ path: `Results.${i}`, message: 'Expected a result object' });
    const entries = entriesOf(result?.Vulnerabilities, `Results.${i}.Vulnerabilities`, problems);
    entries.forEach((e, j) => {
      total++;
      const v = recordOf(e);
      const id = textOf(v?.VulnerabilityID);
      if (!v || !id) {
        problems.push({
          path: `Results.${i}.Vulnerabilities.${j}.VulnerabilityID`,
          message: 'Expected the vulnerability ID as text',
        });
        return;
      }
      const scores = Object.values(recordOf(v.CVSS) ?? {})
        .map((c) => cvssScore(recordOf(c)?.V3Score))
        .filter((s): s is number => s !== undefined);
      const fixed = textOf(v.FixedVersion);
      const title = textOf(v.Title);
      const purl = textOf(recordOf(v.PkgIdentifier)?.PURL);
      out.push({
        id,
        severity: normalizeSeverity(textOf(v.Severity)),
        package: textOf(v.PkgName) ?? textOf(result?.Target) ?? 'unknown',
        installedVersion: textOf(v.InstalledVersion) ?? '',
        ...(fixed ? { fixedVersion: fixed } : {}),
        ...(purl ? { purl } : {}),
        ...(scores.length ? { cvss: Math.max(...scores) } : {}),
        ...(title ? { title } : {}),
      });
    });
  });
  refuseUnreadableEntries('Trivy', total, problems);
  return dedupeVulnerabilities(out);
}

/**
 * Turns a Trivy JSON report into one findings report per image digest it names
 * (`Metadata.RepoDigests`), with the tags of the same repository (`Metadata.RepoTags`) mapped to it.
 * A report attached to (or uploaded for) a digest — the context's — is about that digest.
 * Throws `InputError` with field paths when the report is not usable.
 */
export function parseTrivyReport(
  input: unknown,
  ctxOrNow: ReportContext | Date = {},
): FindingsReport[] {
  const ctx: ReportContext = ctxOrNow instanceof Date ? { now: ctxOrNow } : ctxOrNow;
  const doc = recordOf(input);
  if (!doc || (!('Results' in doc) && !('ArtifactName' in doc)))
    throw new InputError('Not a Trivy JSON report', [
      { path: '', message: 'Expected an object with ArtifactName and Results' },
    ]);
  const meta = recordOf(doc.Metadata) ?? {};
  const tags = tagsFromRepoTags(stringsOf(meta.RepoTags));
  const ctxDigest = ctx.digest;
  const named = digestsFromRepoDigests(stringsOf(meta.RepoDigests));
  const targets = ctxDigest
    ? [
        {
          digest: ctxDigest,
          repository:
            ctx.repository ??
            named.find((n) => n.digest === ctxDigest)?.repository ??
            repositoryOfTags(tags),
        },
      ]
    : named.filter((t, i) => named.findIndex((o) => o.digest === t.digest) === i);
  if (targets.length === 0) {
    throw new InputError('The report names no image digest', [
      {
        path: 'Metadata.RepoDigests',
        message:
          'Scan an image from a registry so the report carries its RepoDigests, or give the digest with the upload',
      },
    ]);
  }
  const vulnerabilities = trivyVulnerabilities(doc.Results);
  const scannedAt = reportTime(doc.CreatedAt, ctx);
  return targets.map(({ digest, repository }) => ({
    digest,
    ...(repository ? { repository } : {}),
    tags: tagsForRepository(repository, tags),
    scanner: { name: 'trivy' },
    format: 'trivy' as const,
    scannedAt,
    source: ctx.source ?? 'upload',
    vulnerabilities,
    suppressed: [],
  }));
}
