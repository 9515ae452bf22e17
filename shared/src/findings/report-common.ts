import { parseImageReference, SHA256_DIGEST } from '../k8s/image-reference.js';
import type { FindingSeverity, FindingsReport, Vulnerability } from './findings.schema.js';
import { normalizeSeverity } from './trivy.js';

/** What a caller knows about the image a report belongs to, when the report itself may not say. */
export interface ReportContext {
  /** Manifest digest the report is attached to (the referrer's subject) or uploaded for. */
  digest?: string;
  /** `registry/repository` of that digest. */
  repository?: string;
  /** Where the report came from; `upload` by default. */
  source?: FindingsReport['source'];
  /** Creation time known from outside the report (the referrer's `org.opencontainers.image.created`). */
  createdAt?: string;
  /** Clock for reports that carry no creation time at all. */
  now?: Date;
}

/** Severity from a CVSS base score (CVSS v3 qualitative rating scale); `Unknown` when not a score. */
export function severityFromScore(score: number | undefined): FindingSeverity {
  if (score === undefined || !Number.isFinite(score) || score < 0 || score > 10) return 'Unknown';
  if (score >= 9) return 'Critical';
  if (score >= 7) return 'High';
  if (score >= 4) return 'Medium';
  if (score > 0) return 'Low';
  return 'Unknown';
}

/** Severity from a word (`HIGH`, `moderate`) or a numeric score string (`7.5`). */
export function severityFromWordOrScore(raw: string | number | undefined): FindingSeverity {
  if (typeof raw === 'number') return severityFromScore(raw);
  const word = normalizeSeverity(raw);
  if (word !== 'Unknown' || raw === undefined || raw.trim() === '') return word;
  return severityFromScore(Number(raw));
}

/** A CVSS score when the value is one (0–10), else undefined. */
export function cvssScore(raw: unknown): number | undefined {
  const n = typeof raw === 'string' ? Number(raw) : raw;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= 10 ? n : undefined;
}

/** ISO time of a report: its own creation time when parseable, else the context's, else the clock. */
export function reportTime(raw: string | undefined, ctx: ReportContext = {}): string {
  for (const candidate of [raw, ctx.createdAt]) {
    const t = candidate ? Date.parse(candidate) : Number.NaN;
    if (!Number.isNaN(t)) return new Date(t).toISOString();
  }
  return (ctx.now ?? new Date()).toISOString();
}

/** `sha256:<hex>` when the value is a sha256 digest (also accepts bare 64-hex), else undefined. */
export function asDigest(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const d = raw.startsWith('sha256:') ? raw.toLowerCase() : `sha256:${raw.toLowerCase()}`;
  return SHA256_DIGEST.test(d) ? d : undefined;
}

/** Image digests named by `repo@sha256:…` references, with their repository. */
export function digestsFromRepoDigests(
  refs: readonly string[],
): { digest: string; repository: string }[] {
  return refs.flatMap((r) => {
    const ref = parseImageReference(r);
    return 'error' in ref || !ref.digest || !SHA256_DIGEST.test(ref.digest)
      ? []
      : [{ digest: ref.digest, repository: `${ref.registry}/${ref.repository}` }];
  });
}

/** Normalised tags of `repo:tag` references, with their repository. */
export function tagsFromRepoTags(
  refs: readonly string[],
): { normalized: string; repository: string }[] {
  return refs.flatMap((t) => {
    const ref = parseImageReference(t);
    return 'error' in ref
      ? []
      : [{ normalized: ref.normalized, repository: `${ref.registry}/${ref.repository}` }];
  });
}

/** Drops repeated (id, package, installed version) entries, keeping the first; clamps field lengths to the schema. */
export function dedupeVulnerabilities(vulns: readonly Vulnerability[]): Vulnerability[] {
  const seen = new Set<string>();
  const out: Vulnerability[] = [];
  for (const v of vulns) {
    const key = `${v.id}|${v.package}|${v.installedVersion}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      ...v,
      id: v.id.slice(0, 100),
      package: v.package.slice(0, 512),
      installedVersion: v.installedVersion.slice(0, 256),
      ...(v.fixedVersion !== undefined ? { fixedVersion: v.fixedVersion.slice(0, 512) } : {}),
      ...(v.title !== undefined ? { title: v.title.slice(0, 1000) } : {}),
    });
  }
  return out;
}

/** The vulnerability ID inside a scanner rule id such as Grype's `CVE-2024-45490-libexpat1`. */
export function vulnerabilityIdOf(ruleId: string): string {
  const m =
    /^(CVE-\d{4}-\d{4,}|GHSA(?:-[0-9a-z]{4}){3}|GO-\d{4}-\d{4,}|DSA-\d+-\d+|RUSTSEC-\d{4}-\d{4,})/i.exec(
      ruleId,
    );
  return m?.[1] ?? ruleId;
}

/**
 * One report per image digest: the digests the report names, or else the context's digest.
 * Returns an empty list when neither knows one, so callers can say so with a field path.
 */
export function reportsForDigests(
  named: readonly { digest: string; repository?: string }[],
  ctx: ReportContext,
  build: (target: { digest: string; repository?: string }) => FindingsReport,
): FindingsReport[] {
  const ctxDigest = asDigest(ctx.digest);
  // The registry context (the referrer's subject) is authoritative: a report attached to an image is about it.
  const targets = ctxDigest
    ? [{ digest: ctxDigest, ...(ctx.repository ? { repository: ctx.repository } : {}) }]
    : named.filter((t, i) => named.findIndex((o) => o.digest === t.digest) === i);
  return targets.map(build);
}
