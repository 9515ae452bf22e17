/** The CISA KEV and FIRST EPSS catalogues: one row per kind, replaced on import (docs/decisions/080). */
import type { CatalogueKind } from '@gated/shared';
import { eq } from 'drizzle-orm';
import type { Db } from './db.js';
import { catalogues } from './schema.js';

export type CatalogueRow = typeof catalogues.$inferSelect;
/** A row without its (large) data. */
export type CatalogueStampRow = Omit<CatalogueRow, 'data'>;

const STAMP = {
  kind: catalogues.kind,
  version: catalogues.version,
  publishedAt: catalogues.publishedAt,
  entries: catalogues.entries,
  sha256: catalogues.sha256,
  importedAt: catalogues.importedAt,
  importedBy: catalogues.importedBy,
};

/** Replaces the catalogue of `row.kind`. */
export async function putCatalogue(db: Db, row: CatalogueRow): Promise<void> {
  const { kind: _kind, ...rest } = row;
  await db
    .insert(catalogues)
    .values(row)
    .onConflictDoUpdate({ target: catalogues.kind, set: rest });
}

/** Every imported catalogue, without data, by kind. */
export async function listCatalogueStamps(db: Db): Promise<CatalogueStampRow[]> {
  return db.select(STAMP).from(catalogues).orderBy(catalogues.kind);
}

/** The data of a catalogue, when its content is still `sha256` (undefined when replaced meanwhile). */
export async function catalogueData(
  db: Db,
  kind: CatalogueKind,
  sha256: string,
): Promise<string | undefined> {
  const [row] = await db
    .select({ data: catalogues.data, sha256: catalogues.sha256 })
    .from(catalogues)
    .where(eq(catalogues.kind, kind));
  return row?.sha256 === sha256 ? row.data : undefined;
}
