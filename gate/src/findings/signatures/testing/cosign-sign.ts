/** Test helper: what `cosign sign --key k <repo>@<digest>` pushes — a simple-signing payload under `sha256-<hex>.sig`. */
import { sign, type KeyObject } from 'node:crypto';
import { MEDIA } from '../../registry/media-types.js';
import type { OciPusher, PushedDescriptor } from '../../registry/testing/oci-pusher.js';
import { COSIGN_SIGNATURE_ANNOTATION, SIMPLE_SIGNING } from '../cosign-signature.js';

export async function pushCosignSignature(
  pusher: OciPusher,
  repository: string,
  signed: PushedDescriptor,
  key: KeyObject,
): Promise<void> {
  const payload = Buffer.from(
    JSON.stringify({
      critical: {
        identity: { 'docker-reference': repository },
        image: { 'docker-manifest-digest': signed.digest },
        type: 'cosign container image signature',
      },
      optional: null,
    }),
  );
  const layer = await pusher.blob(repository, payload, SIMPLE_SIGNING);
  const config = await pusher.blob(
    repository,
    Buffer.from(JSON.stringify({ architecture: '', os: '', rootfs: { type: 'layers' } })),
    'application/vnd.oci.image.config.v1+json',
  );
  await pusher.manifest(repository, `sha256-${signed.digest.slice('sha256:'.length)}.sig`, {
    schemaVersion: 2,
    mediaType: MEDIA.ociManifest,
    config,
    layers: [
      {
        ...layer,
        annotations: {
          [COSIGN_SIGNATURE_ANNOTATION]: sign('sha256', payload, key).toString('base64'),
        },
      },
    ],
  });
}
