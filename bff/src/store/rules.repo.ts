/** Security rules: the editable body as jsonb plus identity, revision and bookkeeping. */
import { ruleNameKey, type Rule, type RuleInput } from '@gated/shared';
import { asc, eq } from 'drizzle-orm';
import type { Db } from './db.js';
import { rules } from './schema.js';
import { isUuid } from './uuid.js';

type RuleRow = typeof rules.$inferSelect;

export function toRule(r: RuleRow): Rule {
  return {
    ...r.body,
    id: r.id,
    revision: r.revision,
    createdAt: r.createdAt.toISOString(),
    createdBy: r.createdBy,
    updatedAt: r.updatedAt.toISOString(),
    updatedBy: r.updatedBy,
  };
}

export async function listRules(db: Db): Promise<Rule[]> {
  return (await db.select().from(rules).orderBy(asc(rules.createdAt), asc(rules.id))).map(toRule);
}

export async function getRule(db: Db, id: string, forUpdate = false): Promise<Rule | undefined> {
  if (!isUuid(id)) return undefined;
  const q = db.select().from(rules).where(eq(rules.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row ? toRule(row) : undefined;
}

/** The rule whose name is the same as `name` by ruleNameKey (look-alikes included). */
export async function findRuleByName(db: Db, name: string): Promise<Rule | undefined> {
  const [row] = await db
    .select()
    .from(rules)
    .where(eq(rules.nameKey, ruleNameKey(name)));
  return row ? toRule(row) : undefined;
}

export async function insertRule(
  db: Db,
  id: string,
  body: RuleInput,
  actor: string,
  now: Date,
): Promise<Rule> {
  const [row] = await db
    .insert(rules)
    .values({
      id,
      nameKey: ruleNameKey(body.name),
      body,
      revision: 1,
      createdAt: now,
      createdBy: actor,
      updatedAt: now,
      updatedBy: actor,
    })
    .returning();
  if (!row) throw new Error('insert returned nothing');
  return toRule(row);
}

export async function updateRule(
  db: Db,
  id: string,
  body: RuleInput,
  revision: number,
  actor: string,
  now: Date,
): Promise<Rule> {
  const [row] = await db
    .update(rules)
    .set({ nameKey: ruleNameKey(body.name), body, revision, updatedAt: now, updatedBy: actor })
    .where(eq(rules.id, id))
    .returning();
  if (!row) throw new Error('update returned nothing');
  return toRule(row);
}

export async function deleteRule(db: Db, id: string): Promise<void> {
  await db.delete(rules).where(eq(rules.id, id));
}

/** The editable part of a stored rule. */
export function ruleInputOf(rule: Rule): RuleInput {
  const {
    id: _id,
    revision: _r,
    createdAt: _ca,
    createdBy: _cb,
    updatedAt: _ua,
    updatedBy: _ub,
    ...input
  } = rule;
  return input;
}
