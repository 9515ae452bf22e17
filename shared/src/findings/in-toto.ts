import { z } from 'zod';
import { InputError, fieldErrorsFromZod } from '../errors/errors.js';
import type { FindingSeverity, FindingsReport, Vulnerability } from './findings.schema.js';
import {
  asDigest,
  cvssScore,
  dedupeVulnerabilities,
  reportsForDigests,
  reportTime,
  severityFromScore,
  severityFromWordOrScore,
  type ReportContext,
} from './report-common.js';
import { TrivyReportSchema, parseTrivyReport } from './trivy.js';

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
  severity: z.array(SeverityEntry).nullish(),
  annotations: z.array(z.record(z.string(), z.unknown())).nullish(),
});

type ResultEntryType = z.infer<typeof ResultEntry>;
/** v0.2 drafts wrap each result as `{ vulnerability: {...} }`; v0.1 lists them flat. */
function isWrapped(
  r: ResultEntryType | { vulnerability: ResultEntryType },
): r is { vulnerability: ResultEntryType } {
  return typeof (r as { id?: unknown }).id !== 'string';
}

export const InTotoVulnsStatementSchema = z.looseObject({
  _type: z.string().max(200),
  subject: z
    .array(
      z.looseObject({
        name: z.string().max(1024).optional(),
        digest: z.record(z.string(), z.string()),
      }),
    )
    .max(1000),
  predicateType: z.enum(VULNS_PREDICATE_TYPES),
  predicate: z.looseObject({
    scanner: z.looseObject({
      uri: z.string().max(1024),
      version: z.string().max(100).optional(),
      // The in-toto predicate lists results; cosign's vuln/v1 carries the scanner's raw output (Trivy JSON) instead.
      result: z
        .union([
          z.array(z.union([ResultEntry, z.object({ vulnerability: ResultEntry })])),
          z.record(z.string(), z.unknown()),
        ])
        .nullish(),
    }),
    metadata: z
      .looseObject({ scanStartedOn: z.string().optional(), scanFinishedOn: z.string().optional() })
      .optional(),
  }),
});

/** True when the document is an in-toto statement or a DSSE envelope around one. */
export function isInTotoDocument(doc: Record<string, unknown>): boolean {
  return (
    (typeof doc._type === 'string' && 'predicateType' in doc) ||
    (typeof doc.payloadType === 'string' && typeof doc.payload === 'string')
  );
}

/** Unwraps a DSSE envelope; returns other documents unchanged. Signatures are not verified here. */
export function unwrapDsse(doc: unknown): unknown {
  const env = DsseEnvelopeSchema.safeParse(doc);
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
  for (const s of entry.severity ?? []) {
    const score = cvssScore(s.score);
    if (score !== undefined && /cvss|nvd|score/i.test(s.method ?? ''))
      cvss = Math.max(cvss ?? 0, score);
    const word = severityFromWordOrScore(s.score);
    if (severity === 'Unknown') severity = word;
  }
  if (severity === 'Unknown' && cvss !== undefined) severity = severityFromScore(cvss);
  return { severity, ...(cvss !== undefined ? { cvss } : {}) };
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
    const digest = asDigest(s.digest.sha256);
    return digest ? [{ digest }] : [];
  });
  const result = predicate.scanner.result;
  let vulnerabilities: Vulnerability[];
  if (Array.isArray(result)) {
    vulnerabilities = result.map((r) => {
      const entry: ResultEntryType = isWrapped(r) ? r.vulnerability : r;
      const fixed = annotation(entry, 'fixedVersion', 'FixedVersion', 'fixed_version');
      return {
        id: entry.id,
        ...severityOf(entry),
        package: annotation(entry, 'package', 'packageName', 'PkgName', 'pkgName') ?? 'unknown',
        installedVersion:
          annotation(entry, 'installedVersion', 'InstalledVersion', 'version') ?? '',
        ...(fixed ? { fixedVersion: fixed } : {}),
      };
    });
  } else if (result && TrivyReportSchema.safeParse(result).success) {
    // cosign vuln/v1 with Trivy JSON inside: reuse the Trivy mapping, with the subject as the digest.
    const inner = {
      ...result,
      Metadata: {
        RepoDigests: [`example.invalid/x@${named[0]?.digest ?? asDigest(ctx.digest) ?? ''}`],
      },
    };
    vulnerabilities =
      named.length || ctx.digest ? (parseTrivyReport(inner)[0]?.vulnerabilities ?? []) : [];
  } else {
    vulnerabilities = [];
  }
  const reports = reportsForDigests(named, ctx, ({ digest, repository }) => ({
    digest,
    ...(repository ? { repository } : {}),
    tags: [],
    scanner: {
      name: scannerName(predicate.scanner.uri),
      ...(predicate.scanner.version ? { version: predicate.scanner.version } : {}),
    },
    format: 'in-toto',
    scannedAt: reportTime(
      predicate.metadata?.scanFinishedOn ?? predicate.metadata?.scanStartedOn,
      ctx,
    ),
    source: ctx.source ?? 'upload',
    vulnerabilities: dedupeVulnerabilities(vulnerabilities),
    suppressed: [],
  }));
  if (reports.length === 0) {
    throw new InputError('The attestation has no sha256 subject', [
      { path: 'subject', message: 'Expected a subject with a sha256 digest' },
    ]);
  }
  return reports;
}
