// Gate status of a cluster from its last contact. Pure: no React.
import type { Cluster } from '@gated/shared';

export type GateStatus = 'connected' | 'stale' | 'never';

/** A gate long-polls policy every few seconds; 5 minutes of silence means something is wrong. */
export const STALE_AFTER_MS = 5 * 60_000;

export function gateStatus(cluster: Pick<Cluster, 'lastSeenAt'>, now: number): GateStatus {
  if (!cluster.lastSeenAt) return 'never';
  return now - Date.parse(cluster.lastSeenAt) > STALE_AFTER_MS ? 'stale' : 'connected';
}

export const GATE_STATUS_LABEL: Record<GateStatus, string> = {
  connected: 'Connected',
  stale: 'Not seen recently',
  never: 'Never connected',
};
