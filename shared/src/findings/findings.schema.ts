import { z } from 'zod';
import { SHA256_DIGEST } from '../k8s/image-reference.js';

/** Finding severities as scanners report them; `Unknown` never counts toward a threshold. */
export const FindingSeveritySchema = z.enum(['Critical', 'High', 'Medium', 'Low', 'Unknown']);
export type FindingSeverity = z.infer<typeof FindingSeveritySchema>;

export const DigestSchema = z
  .string()
  .regex(SHA256_DIGEST, 'A digest is sha256: followed by 64 hex characters');

/** One vulnerability found in one package of an image. */
export const VulnerabilitySchema = z.object({
  id: z.string().min(1).max(100),
  severity: FindingSeveritySchema,
  package: z.string().max(512),
  installedVersion: z.string().max(256),
  fixedVersion: z.string().max(512).optional(),
  /** Package URL when the scanner names one (Trivy's PkgIdentifier.PURL, Grype's artifact.purl): VEX matches on it first. */
  purl: z.string().max(2048).optional(),
  cvss: z.number().min(0).max(10).optional(),
  title: z.string().max(1000).optional(),
});
export type Vulnerability = z.infer<typeof VulnerabilitySchema>;

/** A finding a VEX statement (`not_affected`, `fixed`) suppressed; shown in the trace, never counted. */
export const SuppressedFindingSchema = z.object({
  id: z.string(),
  package: z.string().optional(),
  status: z.string(),
  justification: z.string().optional(),
  source: z.string(),
  /** 1-based position of the suppressing statement in its VEX document. */
  statement: z.number().int().positive().optional(),
});

/** Outcome of checking a report's signature against the trusted signers. */
export const ReportSignatureSchema = z.object({
  status: z.enum(['verified', 'unsigned', 'untrusted']),
  /** Name of the trusted signer whose key verified it, or `upload:<user>`. */
  signer: z.string().max(300).optional(),
  /** Why it is not verified, for the trace. */
  detail: z.string().max(500).optional(),
});
export type ReportSignature = z.infer<typeof ReportSignatureSchema>;

export const ReportFormatSchema = z.enum([
  'trivy',
  'grype',
  'sarif',
  'in-toto',
  'cyclonedx',
  'openvex',
  'trivy-operator',
]);
export type ReportFormat = z.infer<typeof ReportFormatSchema>;

/** Findings of one image manifest digest, from one report. */
export const FindingsReportSchema = z.object({
  digest: DigestSchema,
  /** `registry/repository` when known. */
  repository: z.string().max(1024).optional(),
  /** Tags the report maps to this digest (Trivy's RepoTags), fully qualified. */
  tags: z.array(z.string().max(1024)).max(1000).default([]),
  scanner: z.object({ name: z.string().max(100), version: z.string().max(100).optional() }),
  format: ReportFormatSchema,
  scannedAt: z.iso.datetime(),
  /** Where it came from: an upload to the control plane or a referrer in a registry. */
  source: z.enum(['upload', 'registry']),
  vulnerabilities: z.array(VulnerabilitySchema).max(100_000),
  suppressed: z.array(SuppressedFindingSchema).default([]),
  /**
   * Who vouches for the report. Registry referrers: the DSSE signature checked against the environment's
   * trusted signers. Uploads: the authenticated uploader (`upload:<user>`). Absent = never checked.
   */
  signature: ReportSignatureSchema.optional(),
});
export type FindingsReport = z.infer<typeof FindingsReportSchema>;

/** Counts per severity: what events and lists show instead of the whole report. */
export const FindingsSummarySchema = z.object({
  critical: z.number().int(),
  high: z.number().int(),
  medium: z.number().int(),
  low: z.number().int(),
  unknown: z.number().int(),
});
export type FindingsSummary = z.infer<typeof FindingsSummarySchema>;

/** Summarises vulnerabilities into counts per severity. */
export function summarizeFindings(
  vulns: readonly Pick<Vulnerability, 'severity'>[],
): FindingsSummary {
  const s: FindingsSummary = { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };
  for (const v of vulns) {
    const key = v.severity.toLowerCase() as keyof FindingsSummary;
    s[key]++;
  }
  return s;
}

/** `GET /findings?digest=` / `?image=` answer: the newest report for the digest. */
export const FindingsLookupResultSchema = z.object({
  digest: z.string(),
  report: FindingsReportSchema.nullable(),
});

/** Batched lookup the gate uses: `POST /gate/findings` with digests, answered per digest. */
export const GateFindingsRequestSchema = z.strictObject({
  /** May be empty when only tag references need resolving (a tag-only admission). */
  digests: z.array(DigestSchema).max(500),
  /** Tag references to resolve through uploaded reports' tag maps. */
  references: z.array(z.string().max(1024)).max(500).default([]),
});
export const GateFindingsResponseSchema = z.object({
  reports: z.record(z.string(), FindingsReportSchema.nullable()),
  /** Normalised reference → digest, from uploaded reports' tag maps. */
  tags: z.record(z.string(), z.string()),
});
export type GateFindingsResponse = z.infer<typeof GateFindingsResponseSchema>;

/** Answer to `POST /findings`: which digests the report was stored under. */
export const FindingsUploadResultSchema = z.object({
  stored: z.array(
    z.object({ digest: z.string(), tags: z.array(z.string()), vulnerabilities: z.number().int() }),
  ),
});
