/**
 * The registry as a findings source: resolves tags to digests and reads the scan reports attached to
 * an image as OCI referrers (on the index and on the platform manifest), newest report wins, VEX
 * documents suppress, reports older than `maxReportAgeMs` count as stale (unscanned, with a note).
 */
import { createHash } from 'node:crypto';
import {
  applyVex,
  InputError,
  parseImageReference,
  parseReportBytes,
  type FindingsReport,
  type ParsedReportDocument,
  type ReportSignature,
  type VexStatement,
} from '@gated/shared';
import type { FindingsRequest, FindingsSource, SourceAnswer } from '../source.js';
import { TtlLru } from '../ttl-lru.js';
import { PullSecretCredentials } from './auth/docker-config.js';
import { CREATED_ANNOTATION, REPORT_ARTIFACT_TYPES } from './media-types.js';
import { OciClient, type Descriptor, type ReferrersMode } from './oci-client.js';
import type { OciClientOptions } from './registry-options.js';
import type { SignatureVerifier } from '../signatures/dsse-verify.js';
import { isEnvelope, signatureOfReferrer } from '../signatures/referrer-signature.js';
import { cosignSignatureOf } from '../signatures/cosign-signature.js';

export interface RegistryFindingsSourceOptions extends OciClientOptions {
  /** tag → digest cache lifetime (tags move). Default 60 s. */
  tagTtlMs?: number;
  /** digest → report cache lifetime (a digest's content never changes; new scans may arrive). Default 1 h. */
  reportTtlMs?: number;
  /** "No report" answers are kept this long. Default 5 min. */
  negativeTtlMs?: number;
  /** A newest report older than this is stale: treated as unscanned, with a note. Default: no limit. */
  maxReportAgeMs?: number;
  maxEntries?: number;
  /** An existing client to share (the BFF reuses one). */
  client?: OciClient;
  /** Checks DSSE signatures of report referrers against the trusted signers; none = nothing is trusted. */
  verifier?: SignatureVerifier;
  clock?: () => number;
}

/** What the registry knows about one image digest. */
export interface ImageFindings {
  digest: string;
  /** Newest usable report (VEX applied), null when none or stale. */
  report: FindingsReport | null;
  /** Every report found, newest first (the BFF stores them all). */
  reports: FindingsReport[];
  /** Trace notes: stale reports, unreadable referrers, referrers mode. */
  notes: string[];
  referrersMode: ReferrersMode | undefined;
}

/** The seam's answer plus notes for the admission trace. */
export interface RegistrySourceAnswer extends SourceAnswer {
  notes: string[];
}

/** The seam's request, plus the pod's pull secrets when the cluster allows reading them. */
export interface RegistryLookupRequest extends FindingsRequest {
  /**
   * The pod's `imagePullSecrets` contents (`.dockerconfigjson`), only when the cluster's
   * `allowSecretAccess` is on; asked before the configured providers for this lookup.
   */
  pullSecrets?: readonly unknown[];
}

interface Location {
  registry: string;
  repository: string;
}

export class RegistryFindingsSource implements FindingsSource {
  readonly name = 'registry';
  readonly digestSource = 'registry' as const;
  readonly client: OciClient;
  private readonly tagCache: TtlLru<string, string | null>;
  private readonly reportCache: TtlLru<string, ImageFindings>;
  /** Where digests were seen, so a later digest-only lookup knows the repository. */
  private readonly locations: TtlLru<string, Location>;
  private readonly clock: () => number;
  private readonly secretClients = new TtlLru<string, OciClient>(100);

  constructor(private readonly options: RegistryFindingsSourceOptions = {}) {
    this.client = options.client ?? new OciClient(options);
    const max = options.maxEntries ?? 10_000;
    this.tagCache = new TtlLru(max);
    this.reportCache = new TtlLru(max);
    this.locations = new TtlLru(max);
    this.clock = options.clock ?? Date.now;
  }

  /** A client that tries the pod's pull secrets first; one per distinct secret set, bounded. */
  private clientFor(pullSecrets: readonly unknown[] | undefined): OciClient {
    if (!pullSecrets?.length) return this.client;
    const key = createHash('sha256').update(JSON.stringify(pullSecrets)).digest('hex');
    let client = this.secretClients.get(key, this.clock())?.value;
    if (!client) {
      client = new OciClient({
        ...this.options,
        credentials: [new PullSecretCredentials(pullSecrets), ...(this.options.credentials ?? [])],
      });
      this.secretClients.set(key, client, 3600_000, this.clock());
    }
    return client;
  }

  async lookup(request: RegistryLookupRequest, signal: AbortSignal): Promise<RegistrySourceAnswer> {
    const client = this.clientFor(request.pullSecrets);
    const answer: RegistrySourceAnswer = { digests: new Map(), reports: new Map(), notes: [] };
    const wanted = new Map<string, Location>();
    for (const q of request.pinned ?? []) {
      const ref = parseImageReference(q.normalized);
      if (!('error' in ref) && q.digest)
        wanted.set(q.digest, { registry: ref.registry, repository: ref.repository });
    }
    await Promise.all(
      request.tags.map(async (q) => {
        const ref = parseImageReference(q.normalized);
        if ('error' in ref || !ref.tag) return;
        const digest = await this.resolveTag(ref.registry, ref.repository, ref.tag, signal, client);
        if (!digest) return;
        answer.digests.set(q.normalized, digest);
        wanted.set(digest, { registry: ref.registry, repository: ref.repository });
      }),
    );
    for (const d of request.digests) {
      const loc = wanted.get(d) ?? this.locations.get(d, this.clock())?.value;
      if (loc) wanted.set(d, loc);
    }
    await Promise.all(
      [...wanted].map(async ([digest, loc]) => {
        const found = await this.findings(loc.registry, loc.repository, digest, signal, client);
        answer.reports.set(digest, found.report);
        answer.notes.push(...found.notes);
      }),
    );
    return answer;
  }

  /** Tag → digest through the short-lived cache. */
  async resolveTag(
    registry: string,
    repository: string,
    tag: string,
    signal?: AbortSignal,
    client = this.client,
  ): Promise<string | undefined> {
    const key = `${registry}/${repository}:${tag}`;
    const now = this.clock();
    const hit = this.tagCache.get(key, now);
    if (hit && !hit.expired) return hit.value ?? undefined;
    const digest = await client.resolveTag(registry, repository, tag, signal);
    this.tagCache.set(
      key,
      digest ?? null,
      digest ? (this.options.tagTtlMs ?? 60_000) : (this.options.negativeTtlMs ?? 60_000),
      now,
    );
    if (digest)
      this.locations.set(
        digest,
        { registry, repository },
        this.options.reportTtlMs ?? 3600_000,
        now,
      );
    return digest;
  }

  /** Findings of one digest through the long-lived cache (stale-ness is re-checked on every read). */
  async findings(
    registry: string,
    repository: string,
    digest: string,
    signal?: AbortSignal,
    client = this.client,
  ): Promise<ImageFindings> {
    const key = `${registry}/${repository}@${digest}`;
    const hit = this.reportCache.get(key, this.clock());
    const found =
      hit && !hit.expired
        ? hit.value
        : await this.fetchFindings(registry, repository, digest, signal, client);
    if (!hit || hit.expired) {
      const ttl = found.reports.length
        ? (this.options.reportTtlMs ?? 3600_000)
        : (this.options.negativeTtlMs ?? 300_000);
      this.reportCache.set(key, found, ttl, this.clock());
      this.locations.set(
        digest,
        { registry, repository },
        this.options.reportTtlMs ?? 3600_000,
        this.clock(),
      );
    }
    return this.withStaleness(found);
  }

  private withStaleness(found: ImageFindings): ImageFindings {
    const max = this.options.maxReportAgeMs;
    const newest = found.reports[0];
    if (!newest || max === undefined) return found;
    const age = this.clock() - Date.parse(newest.scannedAt);
    if (age <= max) return found;
    const days = Math.floor(age / 86_400_000);
    return {
      ...found,
      report: null,
      notes: [
        ...found.notes,
        `registry report for ${found.digest} (${newest.format}, scanned ${newest.scannedAt}, ${days} days old) is older than the maximum age: treated as unscanned`,
      ],
    };
  }

  /** Reads the referrers of the digest and, for an index, of its platform manifest; parses every report. */
  async fetchFindings(
    registry: string,
    repository: string,
    digest: string,
    signal?: AbortSignal,
    client = this.client,
  ): Promise<ImageFindings> {
    const notes: string[] = [];
    const subjects = [digest];
    const manifest = await client.getManifest(registry, repository, digest, signal);
    if (manifest && client.isIndex(manifest)) {
      const platform = client.platformDigest(manifest.manifest);
      if (platform) subjects.push(platform);
    }
    const reports: FindingsReport[] = [];
    const vex: { issuedAt: string; statements: VexStatement[] }[] = [];
    let referrersMode: ReferrersMode | undefined;
    for (const subject of subjects) {
      const { mode, referrers } = await client.listReferrers(
        registry,
        repository,
        subject,
        undefined,
        signal,
      );
      referrersMode = mode;
      for (const r of referrers.filter(isReportReferrer)) {
        try {
          const where = { client, registry, repository, signal };
          const { parsed, signature } = await this.readReferrer(where, digest, subjects, r);
          if (parsed.kind === 'findings')
            reports.push(...parsed.reports.map((x) => ({ ...x, digest, signature })));
          else if (this.options.verifier?.hasSigners() && signature.status !== 'verified')
            // With trusted signers configured, an unsigned VEX must not suppress signed findings.
            notes.push(
              `registry VEX ${r.digest} of ${subject} ignored: ${signature.detail ?? 'not signed by a trusted signer'}`,
            );
          else vex.push(parsed.document);
        } catch (e) {
          if (!(e instanceof InputError) && !(e instanceof Error && e.name === 'RegistryError'))
            throw e;
          notes.push(`registry referrer ${r.digest} of ${subject} skipped: ${e.message}`);
        }
      }
    }
    const statements = vex.flatMap((v) =>
      v.statements.map((s) => ({ ...s, source: `registry:${s.source}` })),
    );
    const sorted = reports
      .map((r) => applyVex(r, statements))
      .sort((a, b) => Date.parse(b.scannedAt) - Date.parse(a.scannedAt));
    return { digest, report: sorted[0] ?? null, reports: sorted, notes, referrersMode };
  }

  /** One referrer's report (or VEX), and who signed it: its DSSE signature or cosign's signature of it. */
  private async readReferrer(
    where: {
      client: OciClient;
      registry: string;
      repository: string;
      signal?: AbortSignal | undefined;
    },
    digest: string,
    subjects: readonly string[],
    r: Descriptor,
  ): Promise<{ parsed: ParsedReportDocument; signature: ReportSignature }> {
    const { client, registry, repository, signal } = where;
    const artifact = await client.getManifest(registry, repository, r.digest, signal);
    const layer = artifact?.manifest.layers?.[0];
    if (!artifact || !layer) throw new InputError('artifact has no report layer');
    const bytes = await client.fetchBlob(registry, repository, layer, signal);
    const createdAt =
      r.annotations?.[CREATED_ANNOTATION] ?? artifact.manifest.annotations?.[CREATED_ANNOTATION];
    const parsed = parseReportBytes(bytes, {
      digest,
      repository: `${registry}/${repository}`,
      source: 'registry',
      ...(createdAt ? { createdAt } : {}),
      now: new Date(this.clock()),
      ...(this.options.maxBlobBytes ? { maxBytes: this.options.maxBlobBytes } : {}),
    });
    // The parser accepted the bytes, so they are UTF-8 JSON.
    const doc: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
    const signature = isEnvelope(doc)
      ? signatureOfReferrer(doc, this.options.verifier, subjects)
      : await cosignSignatureOf(where, artifact.digest, this.options.verifier);
    return { parsed, signature };
  }
}

/** Report artifacts by type; referrers without a type are tried too (older tools), signatures never. */
function isReportReferrer(d: Descriptor): boolean {
  if (d.artifactType) return REPORT_ARTIFACT_TYPES.includes(d.artifactType);
  return false;
}
