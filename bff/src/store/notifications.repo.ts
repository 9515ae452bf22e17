/**
 * Notification channels, the delivery outbox and fold state (docs/decisions/100-notifications.md).
 * The outbox is claimed with FOR UPDATE SKIP LOCKED plus a lease, so two BFF replicas never send
 * the same row and a replica that dies mid-send leaves its rows to be claimed again after the lease.
 */
import type { NotificationChannel, NotificationDelivery } from '@gated/shared';
import { and, desc, eq, inArray, isNull, lte, lt, or, sql } from 'drizzle-orm';
import type { Db } from './db.js';
import { inTransaction } from './transaction.js';
import { notificationChannels, notificationFolds, notificationOutbox } from './schema.js';

export type ChannelRow = typeof notificationChannels.$inferSelect;
export type OutboxRow = typeof notificationOutbox.$inferSelect;
export type FoldRow = typeof notificationFolds.$inferSelect;

/** What a URL may show: Slack and Teams carry their token in the path, so only the origin is kept. */
export function urlPreview(row: Pick<ChannelRow, 'kind' | 'url'>): string {
  const url = new URL(row.url);
  return row.kind === 'generic' ? `${url.origin}${url.pathname}` : `${url.origin}/…`;
}

export function toChannel(r: ChannelRow): NotificationChannel {
  return {
    id: r.id,
    environmentId: r.environmentId,
    name: r.name,
    kind: r.kind,
    urlPreview: urlPreview(r),
    hasSecret: r.secret !== null,
    enabled: r.enabled,
    events: r.events,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function toDelivery(r: OutboxRow): NotificationDelivery {
  return {
    id: r.id,
    channelId: r.channelId,
    event: r.event,
    summary: r.summary,
    count: r.count,
    status: r.status,
    attempts: r.attempts,
    lastError: r.lastError,
    lastStatus: r.lastStatus,
    createdAt: r.createdAt.toISOString(),
    nextAttemptAt:
      r.status === 'pending' || r.status === 'sending' ? r.nextAttemptAt.toISOString() : null,
    deliveredAt: r.deliveredAt?.toISOString() ?? null,
  };
}

export async function insertChannel(db: Db, row: ChannelRow): Promise<void> {
  await db.insert(notificationChannels).values(row);
}

export async function listChannels(db: Db, environmentId: string): Promise<ChannelRow[]> {
  return db
    .select()
    .from(notificationChannels)
    .where(eq(notificationChannels.environmentId, environmentId))
    .orderBy(notificationChannels.createdAt);
}

/** Enabled channels, of one environment or (null) of all. */
export async function enabledChannels(db: Db, environmentId: string | null): Promise<ChannelRow[]> {
  const enabled = eq(notificationChannels.enabled, true);
  return db
    .select()
    .from(notificationChannels)
    .where(
      environmentId ? and(enabled, eq(notificationChannels.environmentId, environmentId)) : enabled,
    );
}

export async function getChannel(
  db: Db,
  environmentId: string,
  id: string,
): Promise<ChannelRow | undefined> {
  const [row] = await db
    .select()
    .from(notificationChannels)
    .where(
      and(eq(notificationChannels.environmentId, environmentId), eq(notificationChannels.id, id)),
    );
  return row;
}

export async function getChannelById(db: Db, id: string): Promise<ChannelRow | undefined> {
  const [row] = await db.select().from(notificationChannels).where(eq(notificationChannels.id, id));
  return row;
}

export async function updateChannel(db: Db, row: ChannelRow): Promise<void> {
  await db.update(notificationChannels).set(row).where(eq(notificationChannels.id, row.id));
}

export async function deleteChannel(db: Db, environmentId: string, id: string): Promise<boolean> {
  const gone = await db
    .delete(notificationChannels)
    .where(
      and(eq(notificationChannels.environmentId, environmentId), eq(notificationChannels.id, id)),
    )
    .returning({ id: notificationChannels.id });
  return gone.length > 0;
}

export async function insertOutbox(db: Db, row: OutboxRow): Promise<void> {
  await db.insert(notificationOutbox).values(row);
}

/** Adds folded occurrences to a message nobody has tried to send yet; false when it is already on its way. */
export async function addToUnsent(db: Db, id: string, count: number): Promise<boolean> {
  const done = await db
    .update(notificationOutbox)
    .set({ count: sql`${notificationOutbox.count} + ${count}` })
    .where(
      and(
        eq(notificationOutbox.id, id),
        eq(notificationOutbox.status, 'pending'),
        eq(notificationOutbox.attempts, 0),
      ),
    )
    .returning({ id: notificationOutbox.id });
  return done.length > 0;
}

/** The fold row of a key, created (window already over) when missing, and locked for this transaction. */
export async function lockFold(db: Db, channelId: string, foldKey: string): Promise<FoldRow> {
  await db
    .insert(notificationFolds)
    .values({ channelId, foldKey, windowEndsAt: new Date(0), outboxId: null, suppressed: 0 })
    .onConflictDoNothing();
  const [row] = await db
    .select()
    .from(notificationFolds)
    .where(and(eq(notificationFolds.channelId, channelId), eq(notificationFolds.foldKey, foldKey)))
    .for('update');
  if (!row) throw new Error('fold row vanished inside its transaction');
  return row;
}

export async function saveFold(db: Db, row: FoldRow): Promise<void> {
  await db
    .update(notificationFolds)
    .set(row)
    .where(
      and(
        eq(notificationFolds.channelId, row.channelId),
        eq(notificationFolds.foldKey, row.foldKey),
      ),
    );
}

/** Fold rows whose window is over with occurrences nobody was told about yet. */
export async function endedFoldsWithSuppressed(
  db: Db,
  now: Date,
  limit: number,
): Promise<FoldRow[]> {
  return db
    .select()
    .from(notificationFolds)
    .where(and(lte(notificationFolds.windowEndsAt, now), sql`${notificationFolds.suppressed} > 0`))
    .limit(limit);
}

/**
 * Claims up to `limit` due rows for `leaseMs`: rows locked by another replica's claim are skipped,
 * rows a replica claimed and never finished become due again when the lease runs out.
 */
export async function claimDue(
  db: Db,
  now: Date,
  limit: number,
  leaseMs: number,
): Promise<OutboxRow[]> {
  return inTransaction(db, async (tx) => {
    const due = await tx
      .select()
      .from(notificationOutbox)
      .where(
        and(
          inArray(notificationOutbox.status, ['pending', 'sending']),
          lte(notificationOutbox.nextAttemptAt, now),
          or(isNull(notificationOutbox.claimedUntil), lt(notificationOutbox.claimedUntil, now)),
        ),
      )
      .orderBy(notificationOutbox.nextAttemptAt)
      .limit(limit)
      .for('update', { skipLocked: true });
    if (!due.length) return [];
    const claimedUntil = new Date(now.getTime() + leaseMs);
    await tx
      .update(notificationOutbox)
      .set({ status: 'sending', claimedUntil, attempts: sql`${notificationOutbox.attempts} + 1` })
      .where(
        inArray(
          notificationOutbox.id,
          due.map((r) => r.id),
        ),
      );
    return due.map((r) => ({
      ...r,
      status: 'sending' as const,
      claimedUntil,
      attempts: r.attempts + 1,
    }));
  });
}

/** Records an attempt's outcome on a claimed row. */
export async function finishAttempt(
  db: Db,
  id: string,
  outcome: Pick<OutboxRow, 'status' | 'lastError' | 'lastStatus' | 'nextAttemptAt' | 'deliveredAt'>,
): Promise<void> {
  await db
    .update(notificationOutbox)
    .set({ ...outcome, claimedUntil: null })
    .where(eq(notificationOutbox.id, id));
}

export async function getDelivery(db: Db, id: string): Promise<OutboxRow | undefined> {
  const [row] = await db.select().from(notificationOutbox).where(eq(notificationOutbox.id, id));
  return row;
}

/** Newest deliveries of an environment's channels (optionally one channel). */
export async function listDeliveries(
  db: Db,
  environmentId: string,
  channelId: string | null,
  limit: number,
): Promise<OutboxRow[]> {
  const rows = await db
    .select({ outbox: notificationOutbox })
    .from(notificationOutbox)
    .innerJoin(notificationChannels, eq(notificationChannels.id, notificationOutbox.channelId))
    .where(
      and(
        eq(notificationChannels.environmentId, environmentId),
        channelId ? eq(notificationOutbox.channelId, channelId) : undefined,
      ),
    )
    .orderBy(desc(notificationOutbox.createdAt), desc(notificationOutbox.id))
    .limit(limit);
  return rows.map((r) => r.outbox);
}
