/** Uploaded VEX documents: per environment (environment_id) or for every environment (null). */
import type { StoredVexDocument } from '@gated/shared';
import { eq, isNull, or } from 'drizzle-orm';
import type { Db } from './db.js';
import { vexDocuments } from './schema.js';

type VexRow = typeof vexDocuments.$inferSelect;

function toStored(r: VexRow): StoredVexDocument {
  return {
    id: r.id,
    environmentId: r.environmentId,
    name: r.name,
    uploadedAt: r.uploadedAt.toISOString(),
    uploadedBy: r.uploadedBy,
    document: r.document,
  };
}

export async function insertVexDocument(db: Db, row: VexRow): Promise<StoredVexDocument> {
  await db.insert(vexDocuments).values(row);
  return toStored(row);
}

/** Documents of one environment plus the global ones; every document when no environment is given. */
export async function listVexDocuments(
  db: Db,
  environmentId?: string,
): Promise<StoredVexDocument[]> {
  const rows = await db
    .select()
    .from(vexDocuments)
    .where(
      environmentId
        ? or(eq(vexDocuments.environmentId, environmentId), isNull(vexDocuments.environmentId))
        : undefined,
    )
    .orderBy(vexDocuments.uploadedAt);
  return rows.map(toStored);
}

export async function getVexDocument(db: Db, id: string): Promise<StoredVexDocument | undefined> {
  const [row] = await db.select().from(vexDocuments).where(eq(vexDocuments.id, id));
  return row ? toStored(row) : undefined;
}

export async function deleteVexDocument(db: Db, id: string): Promise<void> {
  await db.delete(vexDocuments).where(eq(vexDocuments.id, id));
}
