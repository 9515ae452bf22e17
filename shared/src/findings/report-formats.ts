import { AppError, InputError } from '../errors/errors.js';
import type { FindingsReport, ReportFormat } from './findings.schema.js';
import { isGrypeReport, parseGrypeReport } from './grype.js';
import { isInTotoDocument, parseInTotoReport, unwrapDsse } from './in-toto.js';
import type { ReportContext } from './report-common.js';
import { isSarifLog, parseSarifReport } from './sarif.js';
import { parseTrivyReport } from './trivy.js';
import {
  isCycloneDx,
  isOpenVex,
  parseCycloneDxVex,
  parseOpenVex,
  type VexDocument,
} from './vex.js';

export type { ReportContext } from './report-common.js';

/** Reports larger than this are refused before parsing (16 MiB). */
export const DEFAULT_MAX_REPORT_BYTES = 16 * 1024 * 1024;

/** What a document turned out to be: findings for one or more digests, or VEX statements that suppress findings. */
export type ParsedReportDocument =
  | { kind: 'findings'; format: ReportFormat; reports: FindingsReport[] }
  | { kind: 'vex'; format: 'openvex' | 'cyclonedx'; document: VexDocument };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Which report format a parsed JSON document is, or undefined when it is none we read. */
export function detectReportFormat(doc: unknown): ReportFormat | undefined {
  if (!isRecord(doc)) return undefined;
  if (isSarifLog(doc)) return 'sarif';
  if (isGrypeReport(doc)) return 'grype';
  if (isOpenVex(doc)) return 'openvex';
  if (isCycloneDx(doc)) return 'cyclonedx';
  if (isInTotoDocument(doc)) return 'in-toto';
  if (
    typeof doc.ArtifactName === 'string' &&
    ('Results' in doc || 'SchemaVersion' in doc || 'Metadata' in doc)
  )
    return 'trivy';
  return undefined;
}

/** Trivy with the context applied: a report attached to a digest is about that digest. */
function parseTrivyInContext(doc: Record<string, unknown>, ctx: ReportContext): FindingsReport[] {
  const digest = ctx.digest;
  const meta = isRecord(doc.Metadata) ? doc.Metadata : {};
  const withDigest =
    digest && !(Array.isArray(meta.RepoDigests) && meta.RepoDigests.length > 0)
      ? {
          ...doc,
          Metadata: {
            ...meta,
            RepoDigests: [`${ctx.repository ?? 'unknown.invalid/unknown'}@${digest}`],
          },
        }
      : doc;
  const reports = parseTrivyReport(withDigest, ctx.now).map((r) => ({
    ...r,
    source: ctx.source ?? 'upload',
    scannedAt:
      typeof doc.CreatedAt === 'string' || !ctx.createdAt
        ? r.scannedAt
        : new Date(ctx.createdAt).toISOString(),
  }));
  if (!digest) return reports;
  const first = reports.find((r) => r.digest === digest) ?? reports[0];
  return first
    ? [{ ...first, digest, ...(ctx.repository ? { repository: ctx.repository } : {}) }]
    : [];
}

function parseDocument(doc: unknown, ctx: ReportContext): ParsedReportDocument {
  const unwrapped = isRecord(doc) && typeof doc.payloadType === 'string' ? unwrapDsse(doc) : doc;
  // An in-toto statement may carry a VEX document as its predicate (`vexctl attest`).
  if (
    isRecord(unwrapped) &&
    typeof unwrapped.predicateType === 'string' &&
    isRecord(unwrapped.predicate)
  ) {
    if (unwrapped.predicateType.includes('openvex'))
      return { kind: 'vex', format: 'openvex', document: parseOpenVex(unwrapped.predicate, ctx) };
    if (/cyclonedx/i.test(unwrapped.predicateType))
      return {
        kind: 'vex',
        format: 'cyclonedx',
        document: parseCycloneDxVex(unwrapped.predicate, ctx),
      };
  }
  const format = detectReportFormat(unwrapped);
  switch (format) {
    case 'trivy':
      return {
        kind: 'findings',
        format,
        reports: parseTrivyInContext(unwrapped as Record<string, unknown>, ctx),
      };
    case 'grype':
      return { kind: 'findings', format, reports: parseGrypeReport(unwrapped, ctx) };
    case 'sarif':
      return { kind: 'findings', format, reports: parseSarifReport(unwrapped, ctx) };
    case 'in-toto':
      return { kind: 'findings', format, reports: parseInTotoReport(unwrapped, ctx) };
    case 'openvex':
      return { kind: 'vex', format, document: parseOpenVex(unwrapped, ctx) };
    case 'cyclonedx':
      return { kind: 'vex', format, document: parseCycloneDxVex(unwrapped, ctx) };
    default:
      throw new InputError('Unknown report format', [
        {
          path: '',
          message:
            'Expected Trivy JSON, Grype JSON, SARIF 2.1.0, an in-toto vulns attestation, OpenVEX or CycloneDX VEX',
        },
      ]);
  }
}

/**
 * Parses an already-decoded JSON document of any supported format. Never throws anything but
 * `InputError`: a scanner bug or a hostile file becomes a 400 with a message, not a crash.
 */
export function parseReportDocument(doc: unknown, ctx: ReportContext = {}): ParsedReportDocument {
  try {
    return parseDocument(doc, ctx);
  } catch (e) {
    if (e instanceof AppError) throw e instanceof InputError ? e : new InputError(e.message);
    throw new InputError(`The report could not be read: ${e instanceof Error ? e.name : 'error'}`);
  }
}

/** Parses report bytes (as fetched from a registry or uploaded), refusing more than `maxBytes` before decoding. */
export function parseReportBytes(
  bytes: Uint8Array | string,
  ctx: ReportContext & { maxBytes?: number } = {},
): ParsedReportDocument {
  const max = ctx.maxBytes ?? DEFAULT_MAX_REPORT_BYTES;
  const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.byteLength;
  if (size > max) throw new InputError(`The report is ${size} bytes; at most ${max} are accepted`);
  let doc: unknown;
  try {
    doc = JSON.parse(
      typeof bytes === 'string' ? bytes : new TextDecoder('utf-8', { fatal: true }).decode(bytes),
    );
  } catch {
    throw new InputError('The report is not JSON', [
      { path: '', message: 'Expected a UTF-8 JSON document' },
    ]);
  }
  return parseReportDocument(doc, ctx);
}
