/**
 * Image references repeat across admissions (every replica, every rollout), and parsing is pure,
 * so parses are memoised in a bounded map that is simply emptied when full.
 */
import { parseImageReference, type ImageReference } from '@gated/shared';

const MAX_ENTRIES = 10_000;
const cache = new Map<string, Readonly<ImageReference> | { readonly error: string }>();

/** `parseImageReference`, memoised. The result is shared: never mutate it. */
export function parseImageReferenceCached(
  reference: string,
): Readonly<ImageReference> | { readonly error: string } {
  let parsed = cache.get(reference);
  if (parsed === undefined) {
    if (cache.size >= MAX_ENTRIES) cache.clear();
    parsed = Object.freeze(parseImageReference(reference));
    cache.set(reference, parsed);
  }
  return parsed;
}
