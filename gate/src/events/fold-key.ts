/** What makes two admission events repeats of each other (the control plane folds on the same facts). */
import type { AdmissionEvent } from '@gated/shared';

/** The facts an event folds on, as the event carries them (already clipped). */
export interface FoldFacts {
  clusterId: string;
  namespace: string;
  kind: string;
  name: string;
  decision: string;
  images: readonly { reference: string; digest: string | null }[];
}

/**
 * One string built by concatenation (no intermediate arrays or JSON per admission); the separator
 * is a control character no Kubernetes name or image reference contains.
 */
export function foldKeyOf(f: FoldFacts): string {
  let key = `${f.clusterId}\u0001${f.namespace}\u0001${f.kind}\u0001${f.name}\u0001${f.decision}`;
  if (f.images.length === 1) {
    const only = f.images[0];
    return only ? `${key}\u0001${only.reference}@${only.digest ?? ''}` : key;
  }
  const images = f.images.map((i) => `${i.reference}@${i.digest ?? ''}`).sort();
  for (const image of images) key += `\u0001${image}`;
  return key;
}

export function eventFoldKey(e: AdmissionEvent): string | null {
  if (e.dryRun) return null;
  return foldKeyOf(e);
}
