import { AppError, InputError } from '../errors/errors.js';
import type { FindingsReport, ReportFormat } from './findings.schema.js';
import { isGrypeReport, parseGrypeReport } from './grype.js';
import { envelopeOf, isInTotoDocument, parseInTotoReport, unwrapDsse } from './in-toto.js';
import type { ReportContext } from './report-common.js';
import { isSarifLog, parseSarifReport } from './sarif.js';
import { isTrivyReport, parseTrivyReport } from './trivy.js';
import { isTrivyOperatorReport, parseTrivyOperatorReport } from './trivy-operator.js';
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
  if (isTrivyOperatorReport(doc)) return 'trivy-operator';
  if (isTrivyReport(doc)) return 'trivy';
  return undefined;
}

function parseDocument(doc: unknown, ctx: ReportContext): ParsedReportDocument {
  const env = envelopeOf(doc);
  const unwrapped = isRecord(env) && typeof env.payloadType === 'string' ? unwrapDsse(env) : doc;
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
      return { kind: 'findings', format, reports: parseTrivyReport(unwrapped, ctx) };
    case 'trivy-operator':
      return { kind: 'findings', format, reports: parseTrivyOperatorReport(unwrapped, ctx) };
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
            'Expected Trivy JSON, Grype JSON, SARIF 2.1.0, an in-toto vulns attestation, a Trivy Operator VulnerabilityReport, OpenVEX or CycloneDX VEX',
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
