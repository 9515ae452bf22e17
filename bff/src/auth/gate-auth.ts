/** Gate calls: `Authorization: Bearer gdg_…` (the cluster's gate token); records the gate as seen. */
import { AuthenticationError } from '@gated/shared';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../lib/app-env.js';
import { findClusterByTokenHash, updateClusterRow } from '../store/clusters.repo.js';
import { hashSecret, isSecretOf } from './secrets.js';

export const GATE_VERSION_HEADER = 'X-Gate-Version';

/**
 * "Last seen" is written at most this often per cluster: every gate call used to be an UPDATE and
 * a commit of the same row, which serialised a cluster's concurrent event batches on its row lock.
 * The portal shows last-seen in minutes and the silent-gate check (notification-scan.ts) counts in
 * minutes, so 5 s of staleness is invisible to both.
 */
export const LAST_SEEN_WRITE_INTERVAL_MS = 5_000;

export const authenticateGate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { db, now: clock } = c.get('deps');
  const [scheme, secret] = (c.req.header('authorization') ?? '').split(' ');
  if (scheme?.toLowerCase() !== 'bearer' || !secret || !isSecretOf('gate', secret))
    throw new AuthenticationError(
      'Gate routes need the cluster gate token: Authorization: Bearer gdg_…',
    );
  const cluster = await findClusterByTokenHash(db, hashSecret(secret));
  if (!cluster) throw new AuthenticationError('Unknown gate token (was the cluster deleted?)');
  const header = c.req.header(GATE_VERSION_HEADER);
  const version = header ? header.slice(0, 100) : cluster.gateVersion;
  const now = new Date(clock());
  const seenLongAgo =
    !cluster.lastSeenAt ||
    now.getTime() - cluster.lastSeenAt.getTime() >= LAST_SEEN_WRITE_INTERVAL_MS ||
    now.getTime() < cluster.lastSeenAt.getTime();
  if (seenLongAgo || version !== cluster.gateVersion) {
    await updateClusterRow(db, cluster.id, { lastSeenAt: now, gateVersion: version });
    cluster.lastSeenAt = now;
    cluster.gateVersion = version;
  }
  c.set('gateClusterId', cluster.id);
  c.set('gateCluster', cluster);
  await next();
};
