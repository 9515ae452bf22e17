/** The policy change counter: bumped in the same transaction as any change a gate policy depends on. */
import { eq, sql } from 'drizzle-orm';
import type { Db } from './db.js';
import { policyState } from './schema.js';

export async function bumpPolicyCounter(db: Db): Promise<void> {
  await db
    .update(policyState)
    .set({ revision: sql`${policyState.revision} + 1` })
    .where(eq(policyState.id, 1));
}

export async function readPolicyCounter(db: Db): Promise<number> {
  const [row] = await db
    .select({ revision: policyState.revision })
    .from(policyState)
    .where(eq(policyState.id, 1));
  return Number(row?.revision ?? 0);
}
