/** What restoring a deleted rule reads and writes: its last `rule.delete` audit entry, and the row again. */
import { ruleNameKey, RuleSchema, type Rule, type RuleInput } from '@gated/shared';
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from './db.js';
import { auditLog, rules } from './schema.js';
import { toRule } from './rules.repo.js';

/** The rule as it was when last deleted (the audit entry's `before`), if it was ever deleted. */
export async function lastDeletedVersion(db: Db, id: string): Promise<Rule | undefined> {
  const [row] = await db
    .select({ before: auditLog.before })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.resourceType, 'rule'),
        eq(auditLog.resourceId, id),
        eq(auditLog.action, 'rule.delete'),
      ),
    )
    .orderBy(desc(auditLog.seq))
    .limit(1);
  const parsed = RuleSchema.safeParse(row?.before);
  return parsed.success ? parsed.data : undefined;
}

/** Puts a deleted rule back under its id, keeping who created it and when. */
export async function reinsertRule(
  db: Db,
  was: Rule,
  body: RuleInput,
  revision: number,
  actor: string,
  now: Date,
): Promise<Rule> {
  const [row] = await db
    .insert(rules)
    .values({
      id: was.id,
      nameKey: ruleNameKey(body.name),
      body,
      revision,
      createdAt: new Date(was.createdAt),
      createdBy: was.createdBy,
      updatedAt: now,
      updatedBy: actor,
    })
    .returning();
  if (!row) throw new Error('insert returned nothing');
  return toRule(row);
}
