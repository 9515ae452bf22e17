/** The audit log: every change made through the API, who/when/what/before/after. Newest first, keyset on seq. */
import { randomUUID } from 'node:crypto';
import type { AuditEntry, AuditLogQuery } from '@gated/shared';
import { diffValues, InputError } from '@gated/shared';
import { and, desc, eq, gte, like, lt, type SQL } from 'drizzle-orm';
import type { Db } from './db.js';
import { auditLog } from './schema.js';

export interface AuditChange {
  actor: string;
  action: string;
  resourceType: string;
  resourceId: string;
  before?: unknown;
  after?: unknown;
}

export async function recordAudit(db: Db, change: AuditChange): Promise<void> {
  await db.insert(auditLog).values({
    id: randomUUID(),
    at: new Date(),
    actor: change.actor,
    action: change.action,
    resourceType: change.resourceType,
    resourceId: change.resourceId,
    before: change.before ?? null,
    after: change.after ?? null,
  });
}

export async function listAudit(
  db: Db,
  q: Partial<Omit<AuditLogQuery, 'limit'>> & { limit: number },
): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  const where: SQL[] = [];
  if (q.resourceType) where.push(eq(auditLog.resourceType, q.resourceType));
  if (q.resourceId) where.push(eq(auditLog.resourceId, q.resourceId));
  if (q.actor) where.push(eq(auditLog.actor, q.actor));
  if (q.action?.endsWith('.'))
    where.push(like(auditLog.action, `${q.action.replace(/[\\%_]/g, (m) => `\\${m}`)}%`));
  else if (q.action) where.push(eq(auditLog.action, q.action));
  if (q.from) where.push(gte(auditLog.at, new Date(q.from)));
  if (q.to) where.push(lt(auditLog.at, new Date(q.to)));
  if (q.cursor) {
    const seq = Number(q.cursor);
    if (!Number.isSafeInteger(seq))
      throw new InputError('Bad cursor', [
        { path: 'query.cursor', message: 'Pass back nextCursor unchanged' },
      ]);
    where.push(lt(auditLog.seq, seq));
  }
  const rows = await db
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.seq))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actor: r.actor,
      action: r.action,
      resourceType: r.resourceType,
      resourceId: r.resourceId,
      before: r.before ?? null,
      after: r.after ?? null,
      changes: diffValues(r.before, r.after),
    })),
    nextCursor: rows.length > q.limit && last ? String(last.seq) : null,
  };
}
