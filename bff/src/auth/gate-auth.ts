/** Gate calls: `Authorization: Bearer gdg_…` (the cluster's gate token); records the gate as seen. */
import { AuthenticationError } from '@gated/shared';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../lib/app-env.js';
import { findClusterByTokenHash, updateClusterRow } from '../store/clusters.repo.js';
import { hashSecret, isSecretOf } from './secrets.js';

export const GATE_VERSION_HEADER = 'X-Gate-Version';

export const authenticateGate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { db } = c.get('deps');
  const [scheme, secret] = (c.req.header('authorization') ?? '').split(' ');
  if (scheme?.toLowerCase() !== 'bearer' || !secret || !isSecretOf('gate', secret))
    throw new AuthenticationError(
      'Gate routes need the cluster gate token: Authorization: Bearer gdg_…',
    );
  const cluster = await findClusterByTokenHash(db, hashSecret(secret));
  if (!cluster) throw new AuthenticationError('Unknown gate token (was the cluster deleted?)');
  c.set('gateClusterId', cluster.id);
  const version = c.req.header(GATE_VERSION_HEADER);
  await updateClusterRow(db, cluster.id, {
    lastSeenAt: new Date(),
    ...(version ? { gateVersion: version.slice(0, 100) } : {}),
  });
  await next();
};
