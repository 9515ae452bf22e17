/**
 * Image references repeat across admissions (every replica, every rollout), and parsing is pure,
 * so parses are memoised in a bounded map that is simply emptied when full.
 */
import { parseImageReference, type ImageReference } from '@gated/shared';

const MAX_ENTRIES = 10_000;
/**
 * Longer references are refused by the parser (shared/src/k8s/image-reference.ts) and are not
 * kept: bounded by count alone, the map held whatever size of string an object named, 873 MB
 * after 300 admissions of ~2.9 MB image names each.
 */
const MAX_CACHED_LENGTH = 1024;
const cache = new Map<string, Readonly<ImageReference> | { readonly error: string }>();

/** `parseImageReference`, memoised. The result is shared: never mutate it. */
export function parseImageReferenceCached(
  reference: string,
): Readonly<ImageReference> | { readonly error: string } {
  if (reference.length > MAX_CACHED_LENGTH) return Object.freeze(parseImageReference(reference));
  let parsed = cache.get(reference);
  if (parsed === undefined) {
    if (cache.size >= MAX_ENTRIES) cache.clear();
    parsed = Object.freeze(parseImageReference(reference));
    cache.set(reference, parsed);
  }
  return parsed;
}
