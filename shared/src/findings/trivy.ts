import { z } from 'zod';
import { InputError, fieldErrorsFromZod } from '../errors/errors.js';
import { parseImageReference } from '../k8s/image-reference.js';
import type { FindingSeverity, FindingsReport, Vulnerability } from './findings.schema.js';

/** The parts of `trivy image -f json` output we read; everything else is allowed and ignored. */
export const TrivyReportSchema = z.looseObject({
  SchemaVersion: z.number().optional(),
  CreatedAt: z.string().optional(),
  ArtifactName: z.string().max(1024),
  ArtifactType: z.string().optional(),
  Metadata: z
    .looseObject({
      RepoTags: z.array(z.string()).nullish(),
      RepoDigests: z.array(z.string()).nullish(),
      ImageID: z.string().optional(),
    })
    .optional(),
  Results: z
    .array(
      z.looseObject({
        Target: z.string().optional(),
        Vulnerabilities: z
          .array(
            z.looseObject({
              VulnerabilityID: z.string().min(1).max(100),
              PkgName: z.string().max(512).optional(),
              InstalledVersion: z.string().max(256).optional(),
              FixedVersion: z.string().max(512).optional(),
              Severity: z.string().max(20).optional(),
              Title: z.string().optional(),
              CVSS: z
                .record(z.string(), z.looseObject({ V3Score: z.number().optional() }))
                .optional(),
            }),
          )
          .nullish(),
      }),
    )
    .nullish(),
});
export type TrivyReport = z.infer<typeof TrivyReportSchema>;

/** Maps any scanner's severity word onto ours (`CRITICAL`, `critical`, `Negligible` …). */
export function normalizeSeverity(raw: string | undefined): FindingSeverity {
  switch ((raw ?? '').toLowerCase()) {
    case 'critical':
      return 'Critical';
    case 'high':
      return 'High';
    case 'medium':
    case 'moderate':
      return 'Medium';
    case 'low':
    case 'negligible':
      return 'Low';
    default:
      return 'Unknown';
  }
}

/**
 * Turns a Trivy JSON report into one findings report per image digest it names
 * (`Metadata.RepoDigests`), with the tags of the same repository (`Metadata.RepoTags`) mapped to it.
 * Throws `InputError` with field paths when the report is not usable.
 */
export function parseTrivyReport(input: unknown, now: Date = new Date()): FindingsReport[] {
  const parsed = TrivyReportSchema.safeParse(input);
  if (!parsed.success)
    throw new InputError('Not a Trivy JSON report', fieldErrorsFromZod(parsed.error));
  const report = parsed.data;
  const digests = (report.Metadata?.RepoDigests ?? []).flatMap((d) => {
    const ref = parseImageReference(d);
    return 'error' in ref || !ref.digest
      ? []
      : [{ repository: `${ref.registry}/${ref.repository}`, digest: ref.digest }];
  });
  if (digests.length === 0) {
    throw new InputError('The report names no image digest', [
      {
        path: 'Metadata.RepoDigests',
        message: 'Scan an image from a registry so the report carries its RepoDigests',
      },
    ]);
  }
  const tags = (report.Metadata?.RepoTags ?? []).flatMap((t) => {
    const ref = parseImageReference(t);
    return 'error' in ref
      ? []
      : [{ repository: `${ref.registry}/${ref.repository}`, normalized: ref.normalized }];
  });
  const seen = new Set<string>();
  const vulnerabilities: Vulnerability[] = [];
  for (const result of report.Results ?? []) {
    for (const v of result.Vulnerabilities ?? []) {
      const key = `${v.VulnerabilityID}|${v.PkgName ?? ''}|${v.InstalledVersion ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const scores = Object.values(v.CVSS ?? {})
        .map((c) => c.V3Score)
        .filter((s): s is number => typeof s === 'number' && s >= 0 && s <= 10);
      vulnerabilities.push({
        id: v.VulnerabilityID,
        severity: normalizeSeverity(v.Severity),
        package: v.PkgName ?? result.Target ?? 'unknown',
        installedVersion: v.InstalledVersion ?? '',
        ...(v.FixedVersion ? { fixedVersion: v.FixedVersion } : {}),
        ...(scores.length ? { cvss: Math.max(...scores) } : {}),
        ...(v.Title ? { title: v.Title.slice(0, 1000) } : {}),
      });
    }
  }
  const createdAt =
    report.CreatedAt && !Number.isNaN(Date.parse(report.CreatedAt))
      ? new Date(report.CreatedAt)
      : now;
  return digests.map(({ repository, digest }) => ({
    digest,
    repository,
    tags: tags.filter((t) => t.repository === repository).map((t) => t.normalized),
    scanner: { name: 'trivy' },
    format: 'trivy' as const,
    scannedAt: createdAt.toISOString(),
    source: 'upload' as const,
    vulnerabilities,
    suppressed: [],
  }));
}
