/** Environments (cloud accounts) with their toggles and ungated registries. */
import type { Environment } from '@gated/shared';
import { asc, eq } from 'drizzle-orm';
import type { Db } from './db.js';
import { environments } from './schema.js';
import { isUuid } from './uuid.js';

export type EnvironmentRow = typeof environments.$inferSelect;

export function toEnvironment(r: EnvironmentRow): Environment {
  return {
    id: r.id,
    cloud: r.cloud as Environment['cloud'],
    accountId: r.accountId,
    name: r.name,
    extensions: r.extensions,
    ungatedRegistries: r.ungatedRegistries,
    gatingInstalledAt: r.gatingInstalledAt?.toISOString() ?? null,
    revision: r.revision,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function listEnvironmentRows(db: Db): Promise<EnvironmentRow[]> {
  return db.select().from(environments).orderBy(asc(environments.createdAt), asc(environments.id));
}

export async function getEnvironmentRow(
  db: Db,
  id: string,
  forUpdate = false,
): Promise<EnvironmentRow | undefined> {
  if (!isUuid(id)) return undefined;
  const q = db.select().from(environments).where(eq(environments.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

export async function insertEnvironmentRow(db: Db, row: EnvironmentRow): Promise<void> {
  await db.insert(environments).values(row);
}

export async function updateEnvironmentRow(db: Db, row: EnvironmentRow): Promise<void> {
  const { id, ...rest } = row;
  await db.update(environments).set(rest).where(eq(environments.id, id));
}
