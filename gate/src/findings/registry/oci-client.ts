/**
 * A small OCI distribution client: tag → digest, manifests and indexes, referrers (OCI 1.1 API with
 * the referrers-tag-schema fallback) and size-limited, digest-verified blob reads. fetch + node:crypto only.
 */
import { z } from 'zod';
import { isIndexMediaType, MANIFEST_ACCEPT, MEDIA } from './media-types.js';
import { readLimited, sha256Digest, verifyDigest } from './read-body.js';
import { RegistryError } from './registry-error.js';
import { RegistryHttp } from './registry-http.js';
import type { OciClientOptions } from './registry-options.js';

const DescriptorSchema = z.looseObject({
  mediaType: z.string().max(255),
  digest: z.string().regex(/^sha256:[a-f0-9]{64}$/),
  size: z.number().int().nonnegative(),
  artifactType: z.string().max(255).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  platform: z
    .looseObject({ os: z.string(), architecture: z.string(), variant: z.string().optional() })
    .optional(),
});
export type Descriptor = z.infer<typeof DescriptorSchema>;

const ManifestSchema = z.looseObject({
  schemaVersion: z.number().optional(),
  mediaType: z.string().optional(),
  artifactType: z.string().optional(),
  config: DescriptorSchema.optional(),
  layers: z.array(DescriptorSchema).optional(),
  manifests: z.array(DescriptorSchema).optional(),
  subject: DescriptorSchema.optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});
export type Manifest = z.infer<typeof ManifestSchema>;

export interface FetchedManifest {
  digest: string;
  mediaType: string;
  manifest: Manifest;
}

/** How the referrers were found, for traces and tests. */
export type ReferrersMode = 'api' | 'tag-schema';

const scopeOf = (repository: string) => `repository:${repository}:pull`;
const isDigest = (ref: string) => ref.startsWith('sha256:');

export class OciClient {
  readonly http: RegistryHttp;
  /** Registries known to lack the referrers API (404): go straight to the tag schema. */
  private readonly noReferrersApi = new Set<string>();

  constructor(private readonly options: OciClientOptions = {}) {
    this.http = new RegistryHttp(options);
  }

  private get maxManifest(): number {
    return this.options.maxManifestBytes ?? 4 * 1024 * 1024;
  }

  /** Manifest digest of a tag: HEAD with the manifest Accept header, then GET (hashing the body) as fallback. */
  async resolveTag(
    registry: string,
    repository: string,
    tag: string,
    signal?: AbortSignal,
  ): Promise<string | undefined> {
    const path = `/v2/${repository}/manifests/${encodeURIComponent(tag)}`;
    const head = await this.http.request({
      registry,
      path,
      method: 'HEAD',
      headers: { accept: MANIFEST_ACCEPT },
      scope: scopeOf(repository),
      signal,
    });
    await head.body?.cancel();
    if (head.status === 404) return undefined;
    const header = head.headers.get('docker-content-digest');
    if (head.ok && header?.startsWith('sha256:')) return header;
    const got = await this.getManifest(registry, repository, tag, signal);
    return got?.digest;
  }

  /** A manifest or index by tag or digest; undefined on 404. Verifies the digest when asked by digest. */
  async getManifest(
    registry: string,
    repository: string,
    reference: string,
    signal?: AbortSignal,
  ): Promise<FetchedManifest | undefined> {
    const path = `/v2/${repository}/manifests/${isDigest(reference) ? reference : encodeURIComponent(reference)}`;
    const res = await this.http.request({
      registry,
      path,
      headers: { accept: MANIFEST_ACCEPT },
      scope: scopeOf(repository),
      signal,
    });
    if (res.status === 404) {
      await res.body?.cancel();
      return undefined;
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new RegistryError(
        `${registry}: manifest ${repository}:${reference} answered ${res.status}`,
        res.status,
        registry,
      );
    }
    const bytes = await readLimited(res, this.maxManifest, registry);
    if (isDigest(reference)) verifyDigest(bytes, reference, registry);
    const digest = isDigest(reference) ? reference : sha256Digest(bytes);
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(bytes).toString('utf8'));
    } catch {
      throw new RegistryError(
        `${registry}: manifest ${repository}@${digest} is not JSON`,
        0,
        registry,
      );
    }
    const parsed = ManifestSchema.safeParse(json);
    if (!parsed.success)
      throw new RegistryError(
        `${registry}: manifest ${repository}@${digest} is malformed`,
        0,
        registry,
      );
    const mediaType =
      parsed.data.mediaType ?? res.headers.get('content-type')?.split(';')[0] ?? MEDIA.ociManifest;
    return { digest, mediaType, manifest: parsed.data };
  }

  /** The digest of the index entry for the configured platform (default linux/amd64), if any. */
  platformDigest(index: Manifest): string | undefined {
    const p = this.options.platform ?? { os: 'linux', architecture: 'amd64' };
    const match = (index.manifests ?? []).find(
      (m) =>
        m.platform?.os === p.os &&
        m.platform.architecture === p.architecture &&
        (!p.variant || m.platform.variant === p.variant),
    );
    return match?.digest;
  }

  isIndex(m: FetchedManifest): boolean {
    return (
      isIndexMediaType(m.mediaType) ||
      (m.manifest.manifests !== undefined && m.manifest.layers === undefined)
    );
  }

  /**
   * Referrers of a digest: the OCI 1.1 referrers API, or — when the registry answers 404 there — the
   * referrers tag schema (`sha256-<hex>` tag holding an index). Filtered by artifact type when given.
   */
  async listReferrers(
    registry: string,
    repository: string,
    digest: string,
    artifactTypes?: readonly string[],
    signal?: AbortSignal,
  ): Promise<{ mode: ReferrersMode; referrers: Descriptor[] }> {
    let mode: ReferrersMode = 'tag-schema';
    let index: Manifest | undefined;
    if (!this.noReferrersApi.has(registry)) {
      const filter =
        artifactTypes?.length === 1
          ? `?artifactType=${encodeURIComponent(artifactTypes[0] ?? '')}`
          : '';
      const res = await this.http.request({
        registry,
        path: `/v2/${repository}/referrers/${digest}${filter}`,
        headers: { accept: MEDIA.ociIndex },
        scope: scopeOf(repository),
        signal,
      });
      const type = res.headers.get('content-type') ?? '';
      if (res.ok && type.includes(MEDIA.ociIndex)) {
        mode = 'api';
        const bytes = await readLimited(res, this.maxManifest, registry);
        let json: unknown;
        try {
          json = JSON.parse(Buffer.from(bytes).toString('utf8'));
        } catch {
          json = undefined;
        }
        const parsed = ManifestSchema.safeParse(json);
        if (!parsed.success)
          throw new RegistryError(
            `${registry}: referrers index for ${digest} is malformed`,
            0,
            registry,
          );
        index = parsed.data;
      } else {
        await res.body?.cancel();
        // The spec says 404; some registries answer an unknown route with 400/405/501 — same meaning.
        if (![400, 404, 405, 501].includes(res.status) && !res.ok)
          throw new RegistryError(
            `${registry}: referrers API answered ${res.status}`,
            res.status,
            registry,
          );
        this.noReferrersApi.add(registry);
      }
    }
    if (!index)
      index = (
        await this.getManifest(
          registry,
          repository,
          `sha256-${digest.slice('sha256:'.length)}`,
          signal,
        )
      )?.manifest;
    const referrers = (index?.manifests ?? []).filter(
      (d) => !artifactTypes || artifactTypes.includes(d.artifactType ?? ''),
    );
    return { mode, referrers };
  }

  /** A blob, refused beyond `maxBlobBytes` (default 16 MiB) and verified against its digest. */
  async fetchBlob(
    registry: string,
    repository: string,
    descriptor: Pick<Descriptor, 'digest' | 'size'>,
    signal?: AbortSignal,
  ): Promise<Uint8Array> {
    const max = this.options.maxBlobBytes ?? 16 * 1024 * 1024;
    if (descriptor.size > max)
      throw new RegistryError(
        `${registry}: blob ${descriptor.digest} is ${descriptor.size} bytes, over the ${max}-byte limit`,
        413,
        registry,
      );
    const res = await this.http.request({
      registry,
      path: `/v2/${repository}/blobs/${descriptor.digest}`,
      scope: scopeOf(repository),
      signal,
    });
    if (!res.ok) {
      await res.body?.cancel();
      throw new RegistryError(
        `${registry}: blob ${descriptor.digest} answered ${res.status}`,
        res.status,
        registry,
      );
    }
    const bytes = await readLimited(res, max, registry);
    verifyDigest(bytes, descriptor.digest, registry);
    return bytes;
  }
}
