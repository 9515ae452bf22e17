/** Findings use cases: store a Trivy upload per digest, look up by digest or image reference, batch for gates. */
import {
  FindingsReportSchema,
  InputError,
  parseImageReference,
  parseReportDocument,
  type FindingsReport,
  type GateFindingsResponse,
} from '@gated/shared';
import type { AppDeps } from '../../lib/app-env.js';
import { recordAudit } from '../../store/audit.repo.js';
import type { Db } from '../../store/db.js';
import { inTransaction } from '../../store/transaction.js';
import { digestsByTag, reportsByDigest, upsertReport } from '../../store/findings.repo.js';
import { withUploadedVex } from '../vex/vex.service.js';

export interface UploadResult {
  stored: { digest: string; tags: string[]; vulnerabilities: number }[];
}

export async function storeReportsTx(
  tx: Db,
  actor: string,
  reports: FindingsReport[],
): Promise<UploadResult> {
  const now = new Date();
  // An upload by an authenticated user or token is vouched for by that user (rules requiring signed findings trust it).
  const vouched = reports.map((uploaded) => ({
    ...uploaded,
    signature: { status: 'verified' as const, signer: `upload:${actor}` },
  }));
  // Parsers clamp fields but not every count (tags, findings): a report the shared schema refuses would be
  // stored and then break every gate findings answer that includes it, so it is refused before anything is written.
  for (const report of vouched) {
    const checked = FindingsReportSchema.safeParse(report);
    if (!checked.success)
      throw InputError.fromZod(
        checked.error,
        `The report for ${report.digest} does not fit what a findings report may hold`,
      );
  }
  for (const report of vouched) {
    await upsertReport(tx, report, now);
    await recordAudit(tx, {
      actor,
      action: 'findings.upload',
      resourceType: 'findings',
      resourceId: report.digest,
      after: {
        digest: report.digest,
        tags: report.tags,
        scanner: report.scanner,
        scannedAt: report.scannedAt,
        vulnerabilities: report.vulnerabilities.length,
        // Where the findings came from and who vouches for them, as gates will trust them.
        source: report.source,
        format: report.format,
        signer: report.signature.signer,
      },
    });
  }
  return {
    stored: reports.map((r) => ({
      digest: r.digest,
      tags: r.tags,
      vulnerabilities: r.vulnerabilities.length,
    })),
  };
}

/** What an upload may say beside the report, for documents that do not name their image (local scans, SARIF). */
export interface UploadTarget {
  /** Image reference; its digest (`@sha256:…`) and tag are used when given. */
  image?: string | undefined;
  /** Manifest digest the report describes. */
  digest?: string | undefined;
}

/** Digest, repository and tag an upload names, checked against each other. */
function uploadContext(target: UploadTarget): {
  digest?: string;
  repository?: string;
  tag?: string;
} {
  if (!target.image) return target.digest ? { digest: target.digest } : {};
  const ref = parseImageReference(target.image);
  if ('error' in ref)
    throw new InputError(ref.error, [{ path: 'query.image', message: ref.error }]);
  if (target.digest && ref.digest && target.digest !== ref.digest)
    throw new InputError('The image reference and the digest disagree', [
      { path: 'query.digest', message: `The image names ${ref.digest}` },
    ]);
  const digest = target.digest ?? ref.digest;
  return {
    ...(digest ? { digest } : {}),
    repository: `${ref.registry}/${ref.repository}`,
    ...(ref.tag ? { tag: `${ref.registry}/${ref.repository}:${ref.tag}` } : {}),
  };
}

/**
 * Stores an uploaded scan report in any format we read (Trivy, Grype, SARIF, in-toto vulns, Trivy Operator),
 * per digest. `target` names the image for reports that do not (and wins over what they name).
 */
export async function uploadReport(
  deps: AppDeps,
  actor: string,
  body: unknown,
  target: UploadTarget = {},
): Promise<UploadResult> {
  const { tag, ...ctx } = uploadContext(target);
  const parsed = parseReportDocument(body, { source: 'upload', ...ctx });
  if (parsed.kind === 'vex') {
    throw new InputError('A VEX document suppresses findings but carries none', [
      { path: '', message: 'Upload VEX documents to POST /vex; upload a findings report here' },
    ]);
  }
  const reports = parsed.reports.map((r) =>
    tag && !r.tags.includes(tag) ? { ...r, tags: [...r.tags, tag] } : r,
  );
  if (reports.length === 0)
    throw new InputError('The report names no image digest', [
      { path: '', message: 'The report must name the scanned image digest' },
    ]);
  return inTransaction(deps.db, (tx) => storeReportsTx(tx, actor, reports));
}

/** Normalised tag reference → digest through stored tag maps (digest-pinned references resolve themselves). */
async function resolveReference(db: Db, reference: string): Promise<string | null> {
  const ref = parseImageReference(reference);
  if ('error' in ref)
    throw new InputError(ref.error, [{ path: 'query.image', message: ref.error }]);
  if (ref.digest) return ref.digest;
  return (await digestsByTag(db, [ref.normalized])).get(ref.normalized) ?? null;
}

export async function lookupFindings(
  deps: AppDeps,
  q: { digest?: string | undefined; image?: string | undefined },
): Promise<{ digest: string; report: FindingsReport | null }> {
  const digest = q.digest ?? (q.image ? await resolveReference(deps.db, q.image) : null);
  if (!q.digest && !q.image)
    throw new InputError('Pass digest or image', [
      { path: 'query.digest', message: 'Pass ?digest=sha256:… or ?image=<reference>' },
    ]);
  if (!digest) return { digest: '', report: null };
  const report = (await reportsByDigest(deps.db, [digest])).get(digest) ?? null;
  return { digest, report };
}

/**
 * The gate's batched lookup: reports per digest (null = unscanned) and tag → digest for references, with
 * the VEX documents uploaded for the gate's environment (and for all) applied.
 */
export async function gateFindings(
  deps: AppDeps,
  digests: string[],
  references: string[],
  environmentId?: string,
): Promise<GateFindingsResponse> {
  const normalized = new Map<string, string>();
  for (const r of references) {
    const ref = parseImageReference(r);
    if (!('error' in ref)) normalized.set(ref.normalized, r);
  }
  const tagMap = await digestsByTag(deps.db, [...normalized.keys()]);
  const all = [...new Set([...digests, ...tagMap.values()])];
  const found = await reportsByDigest(deps.db, all);
  const reports: Record<string, FindingsReport | null> = {};
  for (const d of all) reports[d] = found.get(d) ?? null;
  const tags: Record<string, string> = {};
  for (const [tag, digest] of tagMap) tags[tag] = digest;
  return {
    reports: environmentId ? await withUploadedVex(deps.db, environmentId, reports) : reports,
    tags,
  };
}
