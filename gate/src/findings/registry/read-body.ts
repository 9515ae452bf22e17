import { createHash } from 'node:crypto';
import { RegistryError } from './registry-error.js';

/** Reads a response body up to `max` bytes; more is an error (the stream is cancelled, never buffered whole). */
export async function readLimited(
  res: Response,
  max: number,
  registry: string,
): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (declared > max) {
    await res.body?.cancel();
    throw new RegistryError(
      `${registry}: body of ${declared} bytes exceeds the ${max}-byte limit`,
      413,
      registry,
    );
  }
  if (!res.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Node's web streams are async iterable; leaving the loop early cancels the stream.
  for await (const value of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += value.byteLength;
    if (size > max)
      throw new RegistryError(`${registry}: body exceeds the ${max}-byte limit`, 413, registry);
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** `sha256:<hex>` of bytes. */
export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** Throws unless the bytes hash to the expected digest (only sha256 is supported, as the spec's canonical one). */
export function verifyDigest(bytes: Uint8Array, expected: string, registry: string): void {
  if (!expected.startsWith('sha256:'))
    throw new RegistryError(
      `${registry}: unsupported digest algorithm in ${expected}`,
      0,
      registry,
    );
  const actual = sha256Digest(bytes);
  if (actual !== expected)
    throw new RegistryError(
      `${registry}: content digest ${actual} does not match ${expected}`,
      0,
      registry,
    );
}
