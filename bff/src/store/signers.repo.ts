/** Trusted signers (public keys) per environment. */
import type { TrustedSigner } from '@gated/shared';
import { and, eq } from 'drizzle-orm';
import type { Db } from './db.js';
import { trustedSigners } from './schema.js';

type SignerRow = typeof trustedSigners.$inferSelect;

function toSigner(r: SignerRow): TrustedSigner {
  return { ...r, createdAt: r.createdAt.toISOString() };
}

export async function insertSigner(db: Db, row: SignerRow): Promise<TrustedSigner> {
  await db.insert(trustedSigners).values(row);
  return toSigner(row);
}

export async function listSigners(db: Db, environmentId: string): Promise<TrustedSigner[]> {
  const rows = await db
    .select()
    .from(trustedSigners)
    .where(eq(trustedSigners.environmentId, environmentId))
    .orderBy(trustedSigners.createdAt);
  return rows.map(toSigner);
}

/** Deletes one signer of the environment; false when there was none. */
export async function deleteSigner(db: Db, environmentId: string, id: string): Promise<boolean> {
  const gone = await db
    .delete(trustedSigners)
    .where(and(eq(trustedSigners.environmentId, environmentId), eq(trustedSigners.id, id)))
    .returning({ id: trustedSigners.id });
  return gone.length > 0;
}
