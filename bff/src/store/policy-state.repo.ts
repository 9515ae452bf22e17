/**
 * The policy change counter: bumped in the same transaction as any change a gate policy depends on.
 * The bump also sends `NOTIFY gated_policy, '<schema>'`, which PostgreSQL delivers to every listening
 * replica at commit (never for a rolled-back change); the payload keeps schemas sharing a database apart.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from './db.js';
import { policyState } from './schema.js';

/** The LISTEN/NOTIFY channel of policy changes (policy-change-listener.ts listens on it). */
export const POLICY_CHANNEL = 'gated_policy';

export async function bumpPolicyCounter(db: Db): Promise<void> {
  await db
    .update(policyState)
    .set({ revision: sql`${policyState.revision} + 1` })
    .where(eq(policyState.id, 1));
  // Harmless on the embedded store (nobody listens there; its notifier is in-process).
  await db.execute(sql`SELECT pg_notify(${POLICY_CHANNEL}, current_schema())`);
}

export async function readPolicyCounter(db: Db): Promise<number> {
  const [row] = await db
    .select({ revision: policyState.revision })
    .from(policyState)
    .where(eq(policyState.id, 1));
  return Number(row?.revision ?? 0);
}
