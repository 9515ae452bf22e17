/**
 * Test support: pushes blobs, manifests, indexes and referrer artifacts over the OCI distribution API,
 * as a CI job's `oras push` / `trivy … --format sarif | oras attach` would.
 */
import { createHash } from 'node:crypto';
import { MEDIA } from '../media-types.js';

export interface PushedDescriptor {
  mediaType: string;
  digest: string;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
  platform?: { os: string; architecture: string };
}

const sha = (b: Uint8Array) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

export class OciPusher {
  /** `authorization` returns the header for a push to the repository (Basic or a push-scoped bearer token). */
  constructor(
    private readonly host: string,
    private readonly authorization: (repository: string) => Promise<string | undefined> = () =>
      Promise.resolve(undefined),
  ) {}

  private async headers(
    repository: string,
    extra: Record<string, string> = {},
  ): Promise<Record<string, string>> {
    const auth = await this.authorization(repository);
    return { ...extra, ...(auth ? { authorization: auth } : {}) };
  }

  async blob(repository: string, bytes: Uint8Array, mediaType: string): Promise<PushedDescriptor> {
    const digest = sha(bytes);
    const start = await fetch(`http://${this.host}/v2/${repository}/blobs/uploads/`, {
      method: 'POST',
      headers: await this.headers(repository),
    });
    await start.body?.cancel();
    if (start.status !== 202) throw new Error(`blob upload start answered ${start.status}`);
    const location = new URL(start.headers.get('location') ?? '', `http://${this.host}`);
    location.searchParams.set('digest', digest);
    const put = await fetch(location, {
      method: 'PUT',
      headers: await this.headers(repository, { 'content-type': 'application/octet-stream' }),
      body: bytes,
    });
    await put.body?.cancel();
    if (put.status !== 201) throw new Error(`blob upload answered ${put.status}`);
    return { mediaType, digest, size: bytes.byteLength };
  }

  async manifest(
    repository: string,
    reference: string,
    manifest: Record<string, unknown>,
  ): Promise<PushedDescriptor> {
    const bytes = Buffer.from(JSON.stringify(manifest));
    const mediaType = String(manifest.mediaType);
    const res = await fetch(`http://${this.host}/v2/${repository}/manifests/${reference}`, {
      method: 'PUT',
      headers: await this.headers(repository, { 'content-type': mediaType }),
      body: bytes,
    });
    const text = await res.text();
    if (res.status !== 201) throw new Error(`manifest push answered ${res.status}: ${text}`);
    return { mediaType, digest: sha(bytes), size: bytes.byteLength };
  }

  /** A single-platform image: config + one layer of random bytes, tagged. */
  async image(
    repository: string,
    tag: string,
    platform = { os: 'linux', architecture: 'amd64' },
  ): Promise<PushedDescriptor> {
    const config = await this.blob(
      repository,
      Buffer.from(
        JSON.stringify({
          architecture: platform.architecture,
          os: platform.os,
          rootfs: { type: 'layers', diff_ids: [] },
          config: {},
        }),
      ),
      'application/vnd.oci.image.config.v1+json',
    );
    const layer = await this.blob(
      repository,
      Buffer.from(`layer ${tag} ${platform.architecture} ${Math.random()}`),
      'application/vnd.oci.image.layer.v1.tar',
    );
    const pushed = await this.manifest(repository, tag, {
      schemaVersion: 2,
      mediaType: MEDIA.ociManifest,
      config,
      layers: [layer],
    });
    return { ...pushed, platform };
  }

  /** A two-platform index (linux/amd64 + linux/arm64), tagged. */
  async multiArch(
    repository: string,
    tag: string,
  ): Promise<{ index: PushedDescriptor; amd64: PushedDescriptor; arm64: PushedDescriptor }> {
    const amd64 = await this.image(repository, `${tag}-amd64`, {
      os: 'linux',
      architecture: 'amd64',
    });
    const arm64 = await this.image(repository, `${tag}-arm64`, {
      os: 'linux',
      architecture: 'arm64',
    });
    const index = await this.manifest(repository, tag, {
      schemaVersion: 2,
      mediaType: MEDIA.ociIndex,
      manifests: [amd64, arm64],
    });
    return { index, amd64, arm64 };
  }

  /**
   * Attaches a report to `subject` as an OCI 1.1 artifact (empty config, one layer, `subject`), and — for
   * registries without the referrers API — updates the referrers tag `sha256-<hex>` as the spec's fallback says.
   */
  async attach(
    repository: string,
    subject: PushedDescriptor,
    artifactType: string,
    report: string | Uint8Array,
    createdAt: string,
    layerMediaType = artifactType,
  ): Promise<PushedDescriptor> {
    const empty = await this.blob(repository, Buffer.from('{}'), MEDIA.ociEmpty);
    const layer = await this.blob(
      repository,
      typeof report === 'string' ? Buffer.from(report) : report,
      layerMediaType,
    );
    const annotations = { 'org.opencontainers.image.created': createdAt };
    const artifact = {
      schemaVersion: 2,
      mediaType: MEDIA.ociManifest,
      artifactType,
      config: empty,
      layers: [layer],
      subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
      annotations,
    };
    const pushed = await this.manifest(
      repository,
      sha(Buffer.from(JSON.stringify(artifact))),
      artifact,
    );
    const descriptor: PushedDescriptor = { ...pushed, artifactType, annotations };
    const tag = `sha256-${subject.digest.slice('sha256:'.length)}`;
    const existing = await fetch(`http://${this.host}/v2/${repository}/manifests/${tag}`, {
      headers: await this.headers(repository, { accept: MEDIA.ociIndex }),
    });
    const previous = existing.ok
      ? (((await existing.json()) as { manifests?: PushedDescriptor[] }).manifests ?? [])
      : [];
    if (!existing.ok) await existing.body?.cancel();
    await this.manifest(repository, tag, {
      schemaVersion: 2,
      mediaType: MEDIA.ociIndex,
      manifests: [...previous, descriptor],
    });
    return descriptor;
  }
}
