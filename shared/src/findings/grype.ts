import type { FieldError } from '../errors/problem.schema.js';
import { InputError } from '../errors/errors.js';
import type { FindingsReport, Vulnerability } from './findings.schema.js';
import {
  asDigest,
  cvssScore,
  dedupeVulnerabilities,
  digestsFromRepoDigests,
  recordOf,
  refuseUnreadableEntries,
  reportsForDigests,
  reportTime,
  repositoryOfTags,
  severityFromWordOrScore,
  stringsOf,
  tagsForRepository,
  tagsFromRepoTags,
  textOf,
  type ReportContext,
} from './report-common.js';

/** True when the document looks like Grype JSON (`matches` + a grype `descriptor`). */
export function isGrypeReport(doc: Record<string, unknown>): boolean {
  return (
    Array.isArray(doc.matches) && typeof doc.descriptor === 'object' && doc.descriptor !== null
  );
}

function scoresOf(cvss: unknown): number[] {
  return (Array.isArray(cvss) ? cvss : [])
    .map((c) => cvssScore(recordOf(recordOf(c)?.metrics)?.baseScore))
    .filter((s): s is number => s !== undefined);
}

function grypeVulnerabilities(matches: unknown[]): Vulnerability[] {
  const out: Vulnerability[] = [];
  const problems: FieldError[] = [];
  matches.forEach((m, i) => {
    const match = recordOf(m);
    const vuln = recordOf(match?.vulnerability);
    const artifact = recordOf(match?.artifact);
    const id = textOf(vuln?.id);
    const name = textOf(artifact?.name);
    if (!vuln || !id || !name) {
      problems.push({
        path: `matches.${i}.${!id ? 'vulnerability.id' : 'artifact.name'}`,
        message: 'Expected the vulnerability ID and the package name as text',
      });
      return;
    }
    const related = Array.isArray(match?.relatedVulnerabilities)
      ? match.relatedVulnerabilities
      : [];
    const scores = [vuln.cvss, ...related.map((r) => recordOf(r)?.cvss)].flatMap(scoresOf);
    const fix = recordOf(vuln.fix);
    const fixed = fix?.state === 'fixed' ? stringsOf(fix.versions).join(', ') : '';
    const purl = textOf(artifact?.purl);
    const title = textOf(vuln.description);
    out.push({
      id,
      severity: severityFromWordOrScore(textOf(vuln.severity)),
      package: name,
      installedVersion: textOf(artifact?.version) ?? '',
      ...(fixed ? { fixedVersion: fixed } : {}),
      ...(purl ? { purl } : {}),
      ...(scores.length ? { cvss: Math.max(...scores) } : {}),
      ...(title ? { title } : {}),
    });
  });
  refuseUnreadableEntries('Grype', matches.length, problems);
  return dedupeVulnerabilities(out);
}

/**
 * Turns a Grype JSON report into findings reports: one per digest it names (`source.target.repoDigests`,
 * or `manifestDigest` in the repository its `tags` name), or the context's digest when it has one.
 * Throws `InputError` with field paths when the report is not usable.
 */
export function parseGrypeReport(input: unknown, ctx: ReportContext = {}): FindingsReport[] {
  const doc = recordOf(input);
  if (!doc || !Array.isArray(doc.matches))
    throw new InputError('Not a Grype JSON report', [
      { path: 'matches', message: 'Expected the list of matches' },
    ]);
  const descriptor = recordOf(doc.descriptor) ?? {};
  const target = recordOf(recordOf(doc.source)?.target);
  const tags = tagsFromRepoTags(stringsOf(target?.tags));
  const named: { digest: string; repository?: string }[] = digestsFromRepoDigests(
    stringsOf(target?.repoDigests),
  );
  const manifestDigest = asDigest(textOf(target?.manifestDigest));
  if (manifestDigest && !named.some((n) => n.digest === manifestDigest)) {
    const repository = ctx.repository ?? repositoryOfTags(tags);
    named.push({ digest: manifestDigest, ...(repository ? { repository } : {}) });
  }
  const vulnerabilities = grypeVulnerabilities(doc.matches);
  const version = textOf(descriptor.version);
  const reports = reportsForDigests(named, ctx, ({ digest, repository }) => ({
    digest,
    ...(repository ? { repository } : {}),
    tags: tagsForRepository(repository, tags),
    scanner: {
      name: (textOf(descriptor.name) ?? 'grype').slice(0, 100),
      ...(version ? { version: version.slice(0, 100) } : {}),
    },
    format: 'grype',
    scannedAt: reportTime(descriptor.timestamp, ctx),
    source: ctx.source ?? 'upload',
    vulnerabilities,
    suppressed: [],
  }));
  if (reports.length === 0) {
    throw new InputError('The report names no image digest', [
      {
        path: 'source.target.repoDigests',
        message:
          'Scan an image from a registry so the report carries its digest, or give the digest with the upload',
      },
    ]);
  }
  return reports;
}
