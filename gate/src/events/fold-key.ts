/** What makes two admission events repeats of each other (the control plane folds on the same facts). */
import type { AdmissionEvent } from '@gated/shared';

export function eventFoldKey(e: AdmissionEvent): string | null {
  if (e.dryRun) return null;
  // One string built by concatenation (no intermediate arrays or JSON per admission); the
  // separator is a control character no Kubernetes name or image reference contains.
  let key = `${e.clusterId}\u0001${e.namespace}\u0001${e.kind}\u0001${e.name}\u0001${e.decision}`;
  if (e.images.length === 1) {
    const only = e.images[0];
    return only ? `${key}\u0001${only.reference}@${only.digest ?? ''}` : key;
  }
  const images = e.images.map((i) => `${i.reference}@${i.digest ?? ''}`).sort();
  for (const image of images) key += `\u0001${image}`;
  return key;
}
