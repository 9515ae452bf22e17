/**
 * Event ingest from a gate. Each event is checked on its own: the valid ones are stored
 * (idempotent, folded) and the others named in `refused` with their field errors, so one bad event
 * never blocks a batch (a gate drops exactly those and resends nothing else). The self-report is kept.
 */
import {
  AdmissionEventSchema,
  type AdmissionEvent,
  type GateEventBatchEnvelope,
  type GateEventBatchResult,
  type RefusedEvent,
} from '@gated/shared';
import type { AppDeps } from '../../lib/app-env.js';
import { fieldErrors } from '../../lib/validation-hook.js';
import { ingestEvents } from '../../store/admissions.repo.js';
import { updateClusterRow, type ClusterRow } from '../../store/clusters.repo.js';
import { enqueueDenials } from '../notifications/notification-enqueue.js';

/** The id of something that claims to be an event, when it has a readable one. */
function claimedId(raw: unknown): string | null {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id.length <= 100 ? id : null;
}

/** The self-report fields a batch would change on the cluster row (empty when none). */
function selfReportChanges(
  cluster: ClusterRow,
  gate: NonNullable<GateEventBatchEnvelope['gate']>,
): Partial<ClusterRow> {
  const patch: Partial<ClusterRow> = {};
  if (gate.version !== cluster.gateVersion) patch.gateVersion = gate.version;
  if (gate.policyRevision && gate.policyRevision !== cluster.policyRevision)
    patch.policyRevision = gate.policyRevision;
  if (gate.p99Ms !== null && gate.p99Ms !== cluster.gateP99Ms) patch.gateP99Ms = gate.p99Ms;
  return patch;
}

/** `cluster` is the caller's row as gate authentication read it (gate-auth.ts). */
export async function ingestGateBatch(
  deps: AppDeps,
  cluster: ClusterRow,
  batch: GateEventBatchEnvelope,
): Promise<GateEventBatchResult> {
  const clusterId = cluster.id;
  const refused: RefusedEvent[] = [];
  const events: AdmissionEvent[] = [];
  const positions: number[] = [];
  batch.events.forEach((raw, index) => {
    const parsed = AdmissionEventSchema.safeParse(raw);
    if (!parsed.success) {
      refused.push({
        index,
        id: claimedId(raw),
        problem: 'The event is not valid',
        errors: fieldErrors(parsed.error, ['events', String(index)]),
      });
      return;
    }
    // A gate speaks only for its own cluster, whatever the events claim (the parse is a fresh
    // object: set in place rather than spread into a copy per event).
    const event = parsed.data;
    event.clusterId = cluster.id;
    event.clusterName = cluster.name;
    event.environmentId = cluster.environmentId;
    events.push(event);
    positions.push(index);
  });
  const stored = events.length
    ? await ingestEvents(deps.db, events)
    : { accepted: 0, duplicates: 0, refused: [] };
  // Not awaited: ingest answers the gate whatever notifications do (docs/decisions/100-notifications.md).
  const refusedPositions = new Set(stored.refused.map((r) => r.position));
  deps.notifications.track(
    enqueueDenials(
      deps.db,
      deps.notifications,
      deps.log,
      events.filter((_, i) => !refusedPositions.has(i)),
    ),
  );
  for (const r of stored.refused) {
    const index = positions[r.position] ?? -1;
    refused.push({
      index,
      id: events[r.position]?.id ?? null,
      problem: 'The store refused this event',
      errors: [{ path: `events.${index}`, message: r.message }],
    });
  }
  if (refused.length)
    deps.log.warn(
      {
        clusterId,
        refused: refused.map((r) => ({ index: r.index, id: r.id, problem: r.problem })),
      },
      'gate events refused',
    );
  // One UPDATE (and commit) of the cluster row only when the self-report says something new.
  const patch = batch.gate ? selfReportChanges(cluster, batch.gate) : {};
  if (Object.keys(patch).length) {
    await updateClusterRow(deps.db, clusterId, patch);
    Object.assign(cluster, patch);
  }
  return {
    accepted: stored.accepted,
    duplicates: stored.duplicates,
    refused: refused.sort((a, b) => a.index - b.index),
  };
}
