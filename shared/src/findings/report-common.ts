import { InputError } from '../errors/errors.js';
import type { FieldError } from '../errors/problem.schema.js';
import { parseImageReference, SHA256_DIGEST } from '../k8s/image-reference.js';
import type { FindingSeverity, FindingsReport, Vulnerability } from './findings.schema.js';

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

/** Milliseconds of a time given as ISO text or as epoch seconds / milliseconds (Trivy's cosign-vuln output writes seconds). */
export function timeOf(raw: unknown): number | undefined {
  if (typeof raw === 'number' && Number.isFinite(raw) && raw > 0)
    return raw < 1e11 ? raw * 1000 : raw;
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  const t = Date.parse(raw);
  return Number.isNaN(t) ? undefined : t;
}

/** ISO time of a report: its own creation time when readable, else the context's, else the clock. */
export function reportTime(raw: unknown, ctx: ReportContext = {}): string {
  for (const candidate of [raw, ctx.createdAt]) {
    const t = timeOf(candidate);
    if (t !== undefined && t <= 8.64e15) return new Date(t).toISOString();
  }
  return (ctx.now ?? new Date()).toISOString();
}

/** The value when it is a record, else undefined: metadata is read field by field, never all-or-nothing. */
export function recordOf(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

/** Non-empty text of a string (or a number written as one), else undefined. */
export function textOf(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/** The strings of a list; anything else in it (or a non-list) is skipped. */
export function stringsOf(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * The entries of a field that should hold a list: the list, nothing when the field is absent or null, and a
 * problem (so the report is refused) when it holds something else — an object or text where the scanner
 * writes a list of findings must never read as "no findings".
 */
export function entriesOf(value: unknown, path: string, problems: FieldError[]): unknown[] {
  if (Array.isArray(value)) return value;
  if (value === undefined || value === null) return [];
  problems.push({ path, message: 'Expected a list of vulnerability entries' });
  return [];
}

/**
 * Refuses a report when some of its raw vulnerability entries could not be read. Storing the readable rest
 * would undercount, and storing none would make a vulnerable image look clean.
 */
export function refuseUnreadableEntries(
  format: string,
  total: number,
  problems: readonly FieldError[],
): void {
  if (problems.length === 0) return;
  const what =
    total >= problems.length
      ? `${problems.length} vulnerability ${problems.length === 1 ? 'entry' : 'entries'} of ${total}`
      : `${problems.length} vulnerability ${problems.length === 1 ? 'list' : 'lists or entries'}`;
  throw new InputError(
    `${what} in the ${format} report could not be read; the report is refused rather than stored with fewer findings`,
    problems.slice(0, 20),
  );
}

/** Prefixes field paths of an error thrown while reading an embedded document (`predicate.scanner.result.`). */
export function withPathPrefix<T>(prefix: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof InputError)
      throw new InputError(
        e.message,
        (e.errors ?? []).map((f) => ({ ...f, path: f.path ? `${prefix}.${f.path}` : prefix })),
      );
    throw e;
  }
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

/**
 * Tags of a digest's repository; when the report never said which repository the digest is in (Grype's bare
 * `manifestDigest`), the repository its tags name, if they name just one.
 */
export function tagsForRepository(
  repository: string | undefined,
  tags: readonly { normalized: string; repository: string }[],
): string[] {
  const repos = [...new Set(tags.map((t) => t.repository))];
  const repo = repository || (repos.length === 1 ? repos[0] : undefined);
  return tags.filter((t) => t.repository === repo).map((t) => t.normalized);
}

/** The single repository a report's tags name, for a digest the report gives without one. */
export function repositoryOfTags(tags: readonly { repository: string }[]): string | undefined {
  const repos = [...new Set(tags.map((t) => t.repository))];
  return repos.length === 1 ? repos[0] : undefined;
}

/** Drops repeated (id, package, installed version) entries, keeping the first; clamps field lengths to the schema. */
export function dedupeVulnerabilities(vulns: readonly Vulnerability[]): Vulnerability[] {
  const seen = new Set<string>();
  const out: Vulnerability[] = [];
  for (const v of vulns) {
    // A JSON array cannot be confused across fields, as `id|package|version` is when a field holds a `|`.
    const key = JSON.stringify([v.id, v.package, v.installedVersion]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      ...v,
      id: v.id.slice(0, 100),
      package: v.package.slice(0, 512),
      installedVersion: v.installedVersion.slice(0, 256),
      ...(v.fixedVersion !== undefined ? { fixedVersion: v.fixedVersion.slice(0, 512) } : {}),
      ...(v.purl !== undefined ? { purl: v.purl.slice(0, 2048) } : {}),
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
  const ctxRepository = ctx.repository ?? named.find((n) => n.digest === ctxDigest)?.repository;
  // The registry context (the referrer's subject) is authoritative: a report attached to an image is about it.
  const targets = ctxDigest
    ? [{ digest: ctxDigest, ...(ctxRepository ? { repository: ctxRepository } : {}) }]
    : named.filter((t, i) => named.findIndex((o) => o.digest === t.digest) === i);
  return targets.map(build);
}
