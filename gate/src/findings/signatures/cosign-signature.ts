/**
 * cosign's signature of a plain (non-DSSE) report referrer: `cosign sign --key k <repo>@<referrer digest>`
 * pushes a "simple signing" payload naming that manifest digest, signed with the key, under the tag
 * `sha256-<hex>.sig` (or, with `--registry-referrers-mode=oci-1-1`, as a referrer of the report artifact).
 * The report blob belongs to the signed manifest because the client verifies every digest it reads.
 */
import type { ReportSignature } from '@gated/shared';
import type { OciClient, Descriptor } from '../registry/oci-client.js';
import { BASE64, type SignatureVerifier } from './dsse-verify.js';

export const SIMPLE_SIGNING = 'application/vnd.dev.cosign.simplesigning.v1+json';
export const COSIGN_SIGNATURE_ANNOTATION = 'dev.cosignproject.cosign/signature';
export const COSIGN_SIG_ARTIFACT = 'application/vnd.dev.cosign.artifact.sig.v1+json';
/** A simple-signing payload is a few hundred bytes; anything far larger is not one. */
const MAX_PAYLOAD_BYTES = 64 * 1024;
const MAX_SIGNATURES = 16;

/** The manifest digest a simple-signing payload vouches for, or undefined when it is not one. */
function signedDigest(payload: Uint8Array): string | undefined {
  try {
    const doc = JSON.parse(Buffer.from(payload).toString('utf8')) as {
      critical?: { image?: { 'docker-manifest-digest'?: unknown } };
    };
    const d = doc.critical?.image?.['docker-manifest-digest'];
    return typeof d === 'string' ? d.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

interface Where {
  client: OciClient;
  registry: string;
  repository: string;
  signal?: AbortSignal | undefined;
}

/** The simple-signing layers of cosign's signature manifests for `digest` (tag, then referrers). */
async function signatureLayers(at: Where, digest: string): Promise<Descriptor[]> {
  const { client, registry, repository, signal } = at;
  const manifests: Descriptor[][] = [];
  const tagged = await client.getManifest(
    registry,
    repository,
    `sha256-${digest.slice('sha256:'.length)}.sig`,
    signal,
  );
  if (tagged) manifests.push(tagged.manifest.layers ?? []);
  const { referrers } = await client.listReferrers(
    registry,
    repository,
    digest,
    [COSIGN_SIG_ARTIFACT],
    signal,
  );
  for (const r of referrers.slice(0, MAX_SIGNATURES)) {
    const m = await client.getManifest(registry, repository, r.digest, signal);
    if (m) manifests.push(m.manifest.layers ?? []);
  }
  return manifests
    .flat()
    .filter((l) => l.mediaType === SIMPLE_SIGNING && l.size <= MAX_PAYLOAD_BYTES)
    .slice(0, MAX_SIGNATURES);
}

/** Whether a trusted signer signed the report artifact `digest` with cosign. */
export async function cosignSignatureOf(
  at: Where,
  digest: string,
  verifier: SignatureVerifier | undefined,
): Promise<ReportSignature> {
  if (!verifier?.hasSigners())
    return {
      status: 'unsigned',
      detail: 'the report is neither a DSSE envelope nor cosign-signed',
    };
  const layers = await signatureLayers(at, digest);
  if (layers.length === 0)
    return {
      status: 'unsigned',
      detail: 'the report is neither a DSSE envelope nor cosign-signed',
    };
  for (const layer of layers) {
    const sig = layer.annotations?.[COSIGN_SIGNATURE_ANNOTATION];
    if (!sig || !BASE64.test(sig)) continue;
    const payload = await at.client.fetchBlob(at.registry, at.repository, layer, at.signal);
    const signer = verifier.signerOf(Buffer.from(payload), Buffer.from(sig, 'base64'));
    // A signature for another manifest, even by a trusted key, says nothing about this report.
    if (signer && signedDigest(payload) === digest) return { status: 'verified', signer };
  }
  return {
    status: 'untrusted',
    detail: `${layers.length} cosign signature${layers.length === 1 ? '' : 's'}, none by a trusted signer for this report`,
  };
}
