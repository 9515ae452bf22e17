/**
 * Folds repeats before they are sent: while an event for the same workload, images and decision
 * still waits in the queue, a repeat only bumps its `count` and `lastSeenAt`; the BFF folds
 * repeats within 10 minutes (docs/evaluation-semantics.md#folding). A replica set scaling to 50
 * pods, or a controller retrying, then costs one event on the wire instead of fifty, and admission
 * does no serialisation per repeat.
 */
import type { AdmissionEvent } from '@gated/shared';
import { EventQueue } from './queue.js';

/** What makes two events repeats of each other (the control plane folds on the same facts). */
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

export class FoldingEventQueue extends EventQueue<AdmissionEvent> {
  /** Events still in the queue, by fold key. Taken or dropped events leave this map. */
  private readonly pending = new Map<string, AdmissionEvent>();
  private readonly keys = new WeakMap<AdmissionEvent, string>();

  override push(event: AdmissionEvent): void {
    const key = eventFoldKey(event);
    const open = key ? this.pending.get(key) : undefined;
    if (open) {
      open.count += event.count;
      open.lastSeenAt = event.lastSeenAt ?? event.time;
      return;
    }
    super.push(event);
    if (key) {
      this.pending.set(key, event);
      this.keys.set(event, key);
    }
  }

  override take(max: number): AdmissionEvent[] {
    const batch = super.take(max);
    // Once taken, an event may already be delivered under its id: later repeats start a new event.
    for (const e of batch) this.forget(e);
    return batch;
  }

  protected override dropped1(event: AdmissionEvent | undefined): void {
    if (event) this.forget(event);
  }

  private forget(event: AdmissionEvent): void {
    const key = this.keys.get(event);
    if (key && this.pending.get(key) === event) this.pending.delete(key);
  }
}
