/**
 * The seam between the gate and wherever findings come from. The control plane (uploaded reports)
 * is one source; the OCI registry client (findings/registry/) is another, composed in main.ts.
 * Sources are asked in parallel; when several know a digest, the newest report (scannedAt) wins.
 */
import type { FindingsReport } from '@gated/shared';

/** One image to look up, as the engine's `imagesToLookup` lists it. */
export interface FindingsQuery {
  /** Normalised reference (`docker.io/library/nginx:1.27` or `…@sha256:…`). */
  normalized: string;
  /** Pinned digest, when the reference has one. */
  digest?: string;
  registry: string;
}

/** What one source knows about a batch. Absent keys mean "this source does not know". */
export interface SourceAnswer {
  /** Tag reference (normalised) → manifest digest. */
  digests: Map<string, string>;
  /** Digest → its newest report in this source, or null when the source knows it has none. */
  reports: Map<string, FindingsReport | null>;
}

/** The admitted workload, as far as registry credentials care (pull secrets are namespaced). */
export interface FindingsWorkload {
  namespace: string;
  /** The pod template's service account (`default` when it names none). */
  serviceAccountName: string;
  /** Names of the pod template's `imagePullSecrets`. */
  imagePullSecrets: readonly string[];
}

/** One batch to look up. */
export interface FindingsRequest {
  tags: FindingsQuery[];
  digests: string[];
  /** The digest-pinned images among `digests`, so a registry source knows which repository to read. */
  pinned?: FindingsQuery[];
  /** Whose images these are: lets the registry source use the workload's pull secrets. */
  workload?: FindingsWorkload;
}

export interface FindingsSource {
  /** `control-plane`, `registry`: used in logs and as the digest source of the trace. */
  readonly name: string;
  /** How the source resolves tags: from a report's tag map or from the registry itself. */
  readonly digestSource: 'report' | 'registry';
  /**
   * Answers for tags to resolve and digests to read. `tags` holds normalised tag references without
   * a digest; `digests` the digests whose reports are wanted. A source that resolves a tag should
   * also answer the report of the digest it found, in the same call, to save a round trip.
   * Must honour `signal` (the budget) and may throw: the caller treats that as "unavailable".
   */
  lookup(request: FindingsRequest, signal: AbortSignal): Promise<SourceAnswer>;
}

/** Newest report wins; a report beats "none"; nothing known stays undefined. */
export function newerReport(
  a: FindingsReport | null | undefined,
  b: FindingsReport | null | undefined,
): FindingsReport | null | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(b.scannedAt) > Date.parse(a.scannedAt) ? b : a;
}
