import { z } from 'zod';
import { InputError, fieldErrorsFromZod } from '../errors/errors.js';
import type { FindingsReport, Vulnerability } from './findings.schema.js';
import {
  asDigest,
  cvssScore,
  dedupeVulnerabilities,
  digestsFromRepoDigests,
  reportsForDigests,
  reportTime,
  severityFromWordOrScore,
  tagsFromRepoTags,
  type ReportContext,
} from './report-common.js';

const CvssSchema = z
  .array(z.looseObject({ metrics: z.looseObject({ baseScore: z.unknown() }).optional() }))
  .nullish();

/** The parts of `grype -o json` output we read; everything else is allowed and ignored. */
export const GrypeReportSchema = z.looseObject({
  matches: z.array(
    z.looseObject({
      vulnerability: z.looseObject({
        id: z.string().min(1).max(100),
        severity: z.string().max(40).optional(),
        description: z.string().optional(),
        cvss: CvssSchema,
        fix: z
          .looseObject({ versions: z.array(z.string()).nullish(), state: z.string().optional() })
          .optional(),
      }),
      relatedVulnerabilities: z
        .array(z.looseObject({ id: z.string(), cvss: CvssSchema }))
        .nullish(),
      artifact: z.looseObject({
        name: z.string().max(512),
        version: z.string().max(256).optional(),
      }),
    }),
  ),
  source: z
    .looseObject({
      type: z.string().optional(),
      target: z
        .union([
          z.looseObject({
            userInput: z.string().optional(),
            manifestDigest: z.string().optional(),
            repoDigests: z.array(z.string()).nullish(),
            tags: z.array(z.string()).nullish(),
          }),
          z.string(),
        ])
        .optional(),
    })
    .optional(),
  descriptor: z.looseObject({
    name: z.string().max(100),
    version: z.string().max(100).optional(),
    timestamp: z.string().optional(),
  }),
});

/** True when the document looks like Grype JSON (`matches` + a grype `descriptor`). */
export function isGrypeReport(doc: Record<string, unknown>): boolean {
  return (
    Array.isArray(doc.matches) && typeof doc.descriptor === 'object' && doc.descriptor !== null
  );
}

/**
 * Turns a Grype JSON report into findings reports: one per digest it names (`source.target.repoDigests`,
 * or `manifestDigest` with the context's repository), or the context's digest when it has one.
 * Throws `InputError` with field paths when the report is not usable.
 */
export function parseGrypeReport(input: unknown, ctx: ReportContext = {}): FindingsReport[] {
  const parsed = GrypeReportSchema.safeParse(input);
  if (!parsed.success)
    throw new InputError('Not a Grype JSON report', fieldErrorsFromZod(parsed.error));
  const doc = parsed.data;
  const target = typeof doc.source?.target === 'object' ? doc.source.target : undefined;
  const named = digestsFromRepoDigests(target?.repoDigests ?? []);
  const manifestDigest = asDigest(target?.manifestDigest);
  if (named.length === 0 && manifestDigest)
    named.push({ digest: manifestDigest, repository: ctx.repository ?? '' });
  const tags = tagsFromRepoTags(target?.tags ?? []);

  const vulnerabilities: Vulnerability[] = doc.matches.map((m) => {
    const scores = [m.vulnerability.cvss, ...(m.relatedVulnerabilities ?? []).map((r) => r.cvss)]
      .flatMap((list) => list ?? [])
      .map((c) => cvssScore(c.metrics?.baseScore))
      .filter((s): s is number => s !== undefined);
    const fixed =
      m.vulnerability.fix?.state === 'fixed' ? (m.vulnerability.fix.versions ?? []).join(', ') : '';
    return {
      id: m.vulnerability.id,
      severity: severityFromWordOrScore(m.vulnerability.severity),
      package: m.artifact.name,
      installedVersion: m.artifact.version ?? '',
      ...(fixed ? { fixedVersion: fixed } : {}),
      ...(scores.length ? { cvss: Math.max(...scores) } : {}),
      ...(m.vulnerability.description ? { title: m.vulnerability.description } : {}),
    };
  });

  const reports = reportsForDigests(named, ctx, ({ digest, repository }) => ({
    digest,
    ...(repository ? { repository } : {}),
    tags: tags.filter((t) => t.repository === repository).map((t) => t.normalized),
    scanner: {
      name: doc.descriptor.name,
      ...(doc.descriptor.version ? { version: doc.descriptor.version } : {}),
    },
    format: 'grype',
    scannedAt: reportTime(doc.descriptor.timestamp, ctx),
    source: ctx.source ?? 'upload',
    vulnerabilities: dedupeVulnerabilities(vulnerabilities),
    suppressed: [],
  }));
  if (reports.length === 0) {
    throw new InputError('The report names no image digest', [
      {
        path: 'source.target.repoDigests',
        message: 'Scan an image from a registry so the report carries its digest',
      },
    ]);
  }
  return reports;
}
