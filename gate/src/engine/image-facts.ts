/**
 * Per image, everything that does not depend on the rule: its normalised reference, whether its
 * registry is gated, its digest and how it was known, and its findings.
 */
import type { FindingsSummary, ImageTrace, ReportSignature } from '@gated/shared';
import { parseImageReferenceCached } from './parse-cache.js';
import type { CompiledPolicy } from './compiled-policy.js';
import { reportFacts, type ReportFacts } from './report-facts.js';
import type { AdmissionSubject, FindingsAnswer, FindingsLookup, SubjectImage } from './types.js';

export interface ImageFacts {
  image: SubjectImage;
  /** False when the reference does not parse; the image is then gated and treated as unscanned. */
  parsed: boolean;
  normalized: string;
  registry: string;
  repository: string;
  gated: boolean;
  digest: string | null;
  digestSource: ImageTrace['digestSource'];
  status: ImageTrace['findingsStatus'];
  /** Where the findings came from (`upload:trivy`), when found. */
  source: string | undefined;
  facts: ReportFacts | null;
  /** The report's scan time (epoch ms), for `maxReportAgeDays`; undefined when unreadable or no report. */
  scannedAt: number | undefined;
  summary: FindingsSummary | null;
  suppressed: ImageTrace['suppressed'];
  /**
   * Who vouches for the report: its checked signature; an API upload by an authenticated user counts as
   * verified. Undefined when no report was found.
   */
  signature: ReportSignature | undefined;
  /** UPDATE: the same normalised reference was already in `oldObject`. */
  previouslyPresent: boolean;
}

/** A lookup that throws is a lookup that failed: "findings unavailable", never a crash. */
function safeFindings(lookup: FindingsLookup, digest: string): FindingsAnswer {
  try {
    return lookup.findings(digest);
  } catch {
    return { status: 'unavailable' };
  }
}

function safeResolve(
  lookup: FindingsLookup,
  normalized: string,
): { digest: string; source: 'report' | 'registry' } | null {
  try {
    const digest = lookup.resolveDigest(normalized);
    if (typeof digest !== 'string' || digest.length === 0) return null;
    return { digest, source: lookup.digestSource?.(normalized) ?? 'report' };
  } catch {
    return null;
  }
}

function safeUnavailable(lookup: FindingsLookup, normalized: string): boolean {
  try {
    return lookup.digestUnavailable?.(normalized) === true;
  } catch {
    return true;
  }
}

/** Parses a reference and decides whether it is gated (pure; no lookups). */
export function classifyImage(reference: string, compiled: CompiledPolicy) {
  const parsed = parseImageReferenceCached(reference);
  if ('error' in parsed) {
    return {
      parsed: false,
      normalized: reference,
      registry: '',
      repository: '',
      digest: undefined,
      gated: compiled.gatingEnabled,
    };
  }
  return {
    parsed: true,
    normalized: parsed.normalized,
    registry: parsed.registry,
    repository: parsed.repository,
    digest: parsed.digest,
    gated: compiled.gatingEnabled && !compiled.ungatedRegistries.has(parsed.registry),
  };
}

/** Gathers the facts of one image of `subject`. */
export function imageFacts(
  image: SubjectImage,
  subject: AdmissionSubject,
  compiled: CompiledPolicy,
  lookup: FindingsLookup,
): ImageFacts {
  const c = classifyImage(image.reference, compiled);
  const facts: ImageFacts = {
    image,
    parsed: c.parsed,
    normalized: c.normalized,
    registry: c.registry,
    repository: c.repository,
    gated: c.gated,
    digest: c.digest ?? null,
    digestSource: c.digest ? 'reference' : 'unresolved',
    status: 'notGated',
    source: undefined,
    facts: null,
    scannedAt: undefined,
    summary: null,
    suppressed: [],
    signature: undefined,
    previouslyPresent: subject.operation === 'UPDATE' && subject.previousImages.has(c.normalized),
  };
  if (!c.gated) return facts;

  facts.status = 'unscanned';
  if (!c.digest) {
    const resolved = c.parsed ? safeResolve(lookup, c.normalized) : null;
    if (!resolved) {
      // A tag nobody could resolve because the lookup failed is "findings unavailable", not "unscanned".
      if (c.parsed && compiled.findingsEnabled && safeUnavailable(lookup, c.normalized))
        facts.status = 'unavailable';
      return facts;
    }
    facts.digest = resolved.digest;
    facts.digestSource = resolved.source;
  }
  // Security Findings off: every image counts as unscanned
  // (docs/evaluation-semantics.md#security-findings-off); the digest is still shown.
  if (!compiled.findingsEnabled || facts.digest === null) return facts;

  const answer = safeFindings(lookup, facts.digest);
  if (answer.status !== 'found') {
    facts.status = answer.status === 'unscanned' ? 'unscanned' : 'unavailable';
    return facts;
  }
  const report = reportFacts(
    Array.isArray(answer.report.vulnerabilities) ? answer.report.vulnerabilities : [],
  );
  facts.status = 'found';
  facts.source = answer.source;
  facts.facts = report;
  const scannedAt = Date.parse(answer.report.scannedAt);
  // An unreadable scan time is "unknown age": stale for any maxReportAgeDays (fail closed).
  facts.scannedAt = Number.isNaN(scannedAt) ? Number.NEGATIVE_INFINITY : scannedAt;
  facts.summary = report.summary;
  facts.signature =
    answer.report.signature ??
    (answer.report.source === 'upload'
      ? { status: 'verified', signer: 'upload' }
      : { status: 'unsigned', detail: 'the report carries no signature' });
  const suppressed = Array.isArray(answer.report.suppressed) ? answer.report.suppressed : [];
  facts.suppressed = suppressed.map((s) => ({
    id: s.id,
    status: s.status,
    source: s.source,
    ...(s.package ? { package: s.package } : {}),
    ...(s.statement ? { statement: s.statement } : {}),
  }));
  return facts;
}
