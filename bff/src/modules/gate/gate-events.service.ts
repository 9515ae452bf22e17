/** Event ingest from a gate: the batch's events are stored (idempotent, folded) and its self-report kept. */
import { AuthenticationError, type GateEventBatch } from '@gated/shared';
import type { AppDeps } from '../../lib/app-env.js';
import { ingestEvents } from '../../store/admissions.repo.js';
import { getClusterRow, updateClusterRow } from '../../store/clusters.repo.js';

export async function ingestGateBatch(
  deps: AppDeps,
  clusterId: string,
  batch: GateEventBatch,
): Promise<{ accepted: number; duplicates: number }> {
  const cluster = await getClusterRow(deps.db, clusterId);
  if (!cluster) throw new AuthenticationError('Unknown cluster');
  // A gate speaks only for its own cluster, whatever the events claim.
  const events = batch.events.map((e) => ({
    ...e,
    clusterId: cluster.id,
    clusterName: cluster.name,
    environmentId: cluster.environmentId,
  }));
  const result = await ingestEvents(deps.db, events);
  if (batch.gate) {
    await updateClusterRow(deps.db, clusterId, {
      gateVersion: batch.gate.version,
      ...(batch.gate.policyRevision ? { policyRevision: batch.gate.policyRevision } : {}),
      ...(batch.gate.p99Ms !== null ? { gateP99Ms: batch.gate.p99Ms } : {}),
    });
  }
  return result;
}
