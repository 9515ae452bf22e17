import { z } from 'zod';
import { InputError, fieldErrorsFromZod } from '../errors/errors.js';
import type { FindingSeverity, FindingsReport, Vulnerability } from './findings.schema.js';
import {
  asDigest,
  cvssScore,
  dedupeVulnerabilities,
  recordOf,
  refuseUnreadableEntries,
  reportsForDigests,
  reportTime,
  withPathPrefix,
  severityFromScore,
  severityFromWordOrScore,
  textOf,
  type ReportContext,
} from './report-common.js';
import type { FieldError } from '../errors/problem.schema.js';
import { isGrypeReport, parseGrypeReport } from './grype.js';
import { isSarifLog, parseSarifReport } from './sarif.js';
import { isTrivyReport, parseTrivyReport } from './trivy.js';

/** Predicate types of vulnerability attestations we read. */
export const VULNS_PREDICATE_TYPES = [
  'https://in-toto.io/attestation/vulns/v0.2',
  'https://in-toto.io/attestation/vulns/v0.1',
  'https://cosign.sigstore.dev/attestation/vuln/v1',
] as const;

/** A DSSE envelope (`cosign attest`, in-toto bundles): the statement is the base64 payload. */
export const DsseEnvelopeSchema = z.looseObject({
  payloadType: z.string().max(200),
  payload: z.string(),
  signatures: z.array(z.unknown()).optional(),
});

const SeverityEntry = z.looseObject({
  method: z.string().max(100).optional(),
  score: z.union([z.string().max(100), z.number()]),
});
const ResultEntry = z.looseObject({
  id: z.string().min(1).max(100),
  // Only the ID is required; an odd severity or annotation list is skipped, not fatal.
  severity: z.array(z.unknown()).nullish().catch(null),
  annotations: z.array(z.record(z.string(), z.unknown())).nullish().catch(null),
});

export const InTotoVulnsStatementSchema = z.looseObject({
  _type: z.string().max(200),
  subject: z
    .array(
      z.looseObject({
        name: z.unknown().optional(),
        digest: z.record(z.string(), z.unknown()),
      }),
    )
    .max(1000),
  predicateType: z.enum(VULNS_PREDICATE_TYPES),
  predicate: z.looseObject({
    scanner: z.looseObject({
      // Metadata the findings do not need: read when usable, never a reason to refuse.
      uri: z.unknown().optional(),
      version: z.unknown().optional(),
      // The in-toto predicate lists results; cosign's vuln/v1 carries the scanner's raw output (Trivy JSON) instead.
      // Read entry by entry below, so one odd field never empties the attestation.
      result: z.unknown().optional(),
    }),
    metadata: z.unknown().optional(),
  }),
});

/**
 * The DSSE envelope inside a Sigstore bundle (`cosign attest` with the bundle format cosign 3 writes by
 * default: `{ mediaType: application/vnd.dev.sigstore.bundle…, dsseEnvelope }`), else the document itself.
 */
export function envelopeOf(doc: unknown): unknown {
  const d = recordOf(doc);
  return d &&
    typeof d.mediaType === 'string' &&
    d.mediaType.startsWith('application/vnd.dev.sigstore.bundle') &&
    recordOf(d.dsseEnvelope)
    ? d.dsseEnvelope
    : doc;
}

/** True when the document is an in-toto statement, or a DSSE envelope (bare or in a Sigstore bundle) around one. */
export function isInTotoDocument(doc: Record<string, unknown>): boolean {
  const env = recordOf(envelopeOf(doc)) ?? {};
  return (
    (typeof doc._type === 'string' && 'predicateType' in doc) ||
    (typeof env.payloadType === 'string' && typeof env.payload === 'string')
  );
}

/** Unwraps a DSSE envelope (bare or in a Sigstore bundle); returns other documents unchanged. Signatures are not verified here. */
export function unwrapDsse(doc: unknown): unknown {
  const env = DsseEnvelopeSchema.safeParse(envelopeOf(doc));
  if (!env.success) return doc;
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(env.data.payload)) {
    throw new InputError('The DSSE payload is not base64', [
      { path: 'payload', message: 'Expected base64' },
    ]);
  }
  try {
    return JSON.parse(Buffer.from(env.data.payload, 'base64').toString('utf8')) as unknown;
  } catch {
    throw new InputError('The DSSE payload is not a JSON statement', [
      { path: 'payload', message: 'Expected base64 JSON' },
    ]);
  }
}

/** Scanner name from its URI: `pkg:github/aquasecurity/trivy@…` → `trivy`. */
function scannerName(uri: string): string {
  const last = uri.split('@')[0]?.split(/[/:]/).filter(Boolean).pop();
  return (last ?? uri).slice(0, 100).toLowerCase();
}

function annotation(entry: z.infer<typeof ResultEntry>, ...keys: string[]): string | undefined {
  for (const a of entry.annotations ?? []) {
    for (const k of keys) if (typeof a[k] === 'string' && a[k] !== '') return a[k];
  }
  return undefined;
}

function severityOf(entry: z.infer<typeof ResultEntry>): {
  severity: FindingSeverity;
  cvss?: number;
} {
  let severity: FindingSeverity = 'Unknown';
  let cvss: number | undefined;
  for (const raw of entry.severity ?? []) {
    const parsed = SeverityEntry.safeParse(raw);
    if (!parsed.success) continue;
    const s = parsed.data;
    const score = cvssScore(s.score);
    if (score !== undefined && /cvss|nvd|score/i.test(s.method ?? ''))
      cvss = Math.max(cvss ?? 0, score);
    const word = severityFromWordOrScore(s.score);
    if (severity === 'Unknown') severity = word;
  }
  if (severity === 'Unknown' && cvss !== undefined) severity = severityFromScore(cvss);
  return { severity, ...(cvss !== undefined ? { cvss } : {}) };
}

/** in-toto `vulns` results, entry by entry; an entry without an ID refuses the attestation. */
function listedVulnerabilities(result: unknown[]): Vulnerability[] {
  const out: Vulnerability[] = [];
  const problems: FieldError[] = [];
  result.forEach((r, i) => {
    const wrapped = recordOf(r);
    const parsed = ResultEntry.safeParse(
      wrapped && typeof wrapped.id !== 'string' && recordOf(wrapped.vulnerability)
        ? wrapped.vulnerability
        : r,
    );
    if (!parsed.success) {
      problems.push({ path: `${i}.id`, message: 'Expected the vulnerability ID as text' });
      return;
    }
    const entry = parsed.data;
    const fixed = annotation(entry, 'fixedVersion', 'FixedVersion', 'fixed_version');
    const purl = annotation(entry, 'purl', 'PURL');
    out.push({
      id: entry.id,
      ...severityOf(entry),
      package: annotation(entry, 'package', 'packageName', 'PkgName', 'pkgName') ?? 'unknown',
      installedVersion: annotation(entry, 'installedVersion', 'InstalledVersion', 'version') ?? '',
      ...(fixed ? { fixedVersion: fixed } : {}),
      ...(purl ? { purl } : {}),
    });
  });
  refuseUnreadableEntries('in-toto vulns', result.length, problems);
  return dedupeVulnerabilities(out);
}

/**
 * The findings of a predicate's `scanner.result`: a list of in-toto results, or a scanner's own output
 * (Trivy JSON, Grype JSON, SARIF) embedded as cosign `vuln/v1` does. A result in any other shape that holds
 * something is refused: reading it as "no findings" would admit a vulnerable image as clean.
 */
function resultVulnerabilities(
  result: unknown,
  digest: string | undefined,
  ctx: ReportContext,
): Vulnerability[] {
  if (result === undefined || result === null) return [];
  if (Array.isArray(result)) return listedVulnerabilities(result);
  const doc = recordOf(result);
  if (!doc)
    throw new InputError('The scanner result is neither a list nor a report', [
      { path: '', message: 'Expected a list of results or an embedded scanner report' },
    ]);
  if (Object.keys(doc).length === 0) return [];
  // The subject is the digest: an embedded report need not name it. Without a subject the attestation is
  // refused later; the placeholder only lets its findings be read (and refused when unreadable) first.
  const inner: ReportContext = {
    digest: digest ?? `sha256:${'0'.repeat(64)}`,
    ...(ctx.now ? { now: ctx.now } : {}),
  };
  if (isTrivyReport(doc) || 'Results' in doc)
    return parseTrivyReport(doc, inner)[0]?.vulnerabilities ?? [];
  if (isGrypeReport(doc)) return parseGrypeReport(doc, inner)[0]?.vulnerabilities ?? [];
  if (isSarifLog(doc)) return parseSarifReport(doc, inner)[0]?.vulnerabilities ?? [];
  throw new InputError('The scanner result is in a format we do not read', [
    {
      path: '',
      message:
        'Expected in-toto results, or Trivy JSON, Grype JSON or SARIF embedded as the result',
    },
  ]);
}

/**
 * Turns an in-toto vulnerability attestation (predicate `vulns` v0.1/v0.2 or cosign `vuln/v1`, bare or
 * DSSE-enveloped) into one findings report per subject digest. Package details come from each result's
 * annotations (`package`, `installedVersion`, `fixedVersion`) when the scanner wrote them.
 */
export function parseInTotoReport(input: unknown, ctx: ReportContext = {}): FindingsReport[] {
  const parsed = InTotoVulnsStatementSchema.safeParse(unwrapDsse(input));
  if (!parsed.success)
    throw new InputError(
      'Not an in-toto vulnerability attestation',
      fieldErrorsFromZod(parsed.error),
    );
  const { subject, predicate } = parsed.data;
  const named = subject.flatMap((s) => {
    const digest = asDigest(textOf(s.digest.sha256));
    return digest ? [{ digest }] : [];
  });
  const vulnerabilities = withPathPrefix('predicate.scanner.result', () =>
    resultVulnerabilities(predicate.scanner.result, named[0]?.digest ?? asDigest(ctx.digest), ctx),
  );
  const metadata = recordOf(predicate.metadata);
  const uri = textOf(predicate.scanner.uri);
  const version = textOf(predicate.scanner.version)?.slice(0, 100);
  const reports = reportsForDigests(named, ctx, ({ digest, repository }) => ({
    digest,
    ...(repository ? { repository } : {}),
    tags: [],
    scanner: {
      name: uri ? scannerName(uri) : 'unknown',
      ...(version ? { version } : {}),
    },
    format: 'in-toto',
    scannedAt: reportTime(metadata?.scanFinishedOn ?? metadata?.scanStartedOn, ctx),
    source: ctx.source ?? 'upload',
    vulnerabilities,
    suppressed: [],
  }));
  if (reports.length === 0) {
    throw new InputError('The attestation has no sha256 subject', [
      { path: 'subject', message: 'Expected a subject with a sha256 digest' },
    ]);
  }
  return reports;
}
