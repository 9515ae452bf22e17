/** Clusters, their gate token hash and the gate status they report. */
import type { Cluster } from '@gated/shared';
import { asc, eq } from 'drizzle-orm';
import type { Db } from './db.js';
import { clusters } from './schema.js';
import { isUuid } from './uuid.js';

export type ClusterRow = typeof clusters.$inferSelect;

export function toCluster(r: ClusterRow): Cluster {
  return {
    id: r.id,
    environmentId: r.environmentId,
    name: r.name,
    provider: r.provider as Cluster['provider'],
    securityGating: r.securityGating,
    lastSeenAt: r.lastSeenAt?.toISOString() ?? null,
    gateVersion: r.gateVersion,
    policyRevision: r.policyRevision,
    gateP99Ms: r.gateP99Ms,
    createdAt: r.createdAt.toISOString(),
  };
}

export async function listClusterRows(db: Db, environmentId?: string): Promise<ClusterRow[]> {
  return db
    .select()
    .from(clusters)
    .where(environmentId ? eq(clusters.environmentId, environmentId) : undefined)
    .orderBy(asc(clusters.createdAt), asc(clusters.id));
}

export async function getClusterRow(db: Db, id: string): Promise<ClusterRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(clusters).where(eq(clusters.id, id));
  return row;
}

export async function findClusterByTokenHash(
  db: Db,
  tokenHash: string,
): Promise<ClusterRow | undefined> {
  const [row] = await db.select().from(clusters).where(eq(clusters.tokenHash, tokenHash));
  return row;
}

export async function insertClusterRow(db: Db, row: ClusterRow): Promise<void> {
  await db.insert(clusters).values(row);
}

export async function updateClusterRow(
  db: Db,
  id: string,
  patch: Partial<Omit<ClusterRow, 'id'>>,
): Promise<void> {
  await db.update(clusters).set(patch).where(eq(clusters.id, id));
}

export async function deleteClusterRow(db: Db, id: string): Promise<void> {
  await db.delete(clusters).where(eq(clusters.id, id));
}
