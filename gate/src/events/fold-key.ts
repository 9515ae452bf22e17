/** What makes two admission events repeats of each other (the control plane folds on the same facts). */
import type { AdmissionEvent } from '@gated/shared';

export function eventFoldKey(e: AdmissionEvent): string | null {
  if (e.dryRun) return null;
  const images = e.images.map((i) => `${i.reference}@${i.digest ?? ''}`).sort();
  return JSON.stringify([e.clusterId, e.namespace, e.kind, e.name, e.decision, images]);
}
