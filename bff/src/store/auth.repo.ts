/** Users, browser sessions and personal API tokens. */
import type { ApiToken, ApiTokenScope, Role } from '@gated/shared';
import { and, eq, gt, lt } from 'drizzle-orm';
import type { Db } from './db.js';
import { apiTokens, sessions, users } from './schema.js';
import { isUuid } from './uuid.js';

export async function countUsers(db: Db): Promise<number> {
  return (await db.select({ u: users.username }).from(users)).length;
}

export async function insertUser(
  db: Db,
  username: string,
  passwordHash: string,
  role: Role,
): Promise<void> {
  await db
    .insert(users)
    .values({ username, passwordHash, role, createdAt: new Date() })
    .onConflictDoNothing();
}

export async function findUser(
  db: Db,
  username: string,
): Promise<{ username: string; passwordHash: string | null; role: Role } | undefined> {
  const [row] = await db.select().from(users).where(eq(users.username, username));
  return row
    ? { username: row.username, passwordHash: row.passwordHash, role: row.role as Role }
    : undefined;
}

export async function insertSession(
  db: Db,
  s: { idHash: string; username: string; csrfToken: string; expiresAt: Date },
): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
  await db.insert(sessions).values({ ...s, createdAt: new Date() });
}

export async function findSession(
  db: Db,
  idHash: string,
): Promise<{ username: string; role: Role; csrfToken: string } | undefined> {
  const [row] = await db
    .select({ username: sessions.username, csrfToken: sessions.csrfToken, role: users.role })
    .from(sessions)
    .innerJoin(users, eq(users.username, sessions.username))
    .where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, new Date())));
  return row
    ? { username: row.username, csrfToken: row.csrfToken, role: row.role as Role }
    : undefined;
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.idHash, idHash));
}

type TokenRow = typeof apiTokens.$inferSelect;
function toApiToken(r: TokenRow): ApiToken {
  return {
    id: r.id,
    name: r.name,
    scopes: r.scopes,
    prefix: r.prefix,
    createdAt: r.createdAt.toISOString(),
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    expiresAt: r.expiresAt?.toISOString() ?? null,
  };
}

export async function insertApiToken(db: Db, t: Omit<TokenRow, 'lastUsedAt'>): Promise<ApiToken> {
  const [row] = await db
    .insert(apiTokens)
    .values({ ...t, lastUsedAt: null })
    .returning();
  if (!row) throw new Error('insert returned nothing');
  return toApiToken(row);
}

export async function listApiTokens(db: Db, username: string): Promise<ApiToken[]> {
  const rows = await db
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.username, username))
    .orderBy(apiTokens.createdAt);
  return rows.map(toApiToken);
}

/** Deletes the token only when `username` owns it: anyone else gets undefined, as for an unknown id. */
export async function deleteApiToken(
  db: Db,
  username: string,
  id: string,
): Promise<ApiToken | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .delete(apiTokens)
    .where(and(eq(apiTokens.username, username), eq(apiTokens.id, id)))
    .returning();
  return row ? toApiToken(row) : undefined;
}

/** Resolves a personal token to its user (and marks it used); undefined when unknown or expired. */
export async function useApiToken(
  db: Db,
  tokenHash: string,
): Promise<{ username: string; role: Role; scopes: ApiTokenScope[] } | undefined> {
  const [row] = await db
    .select({
      id: apiTokens.id,
      username: apiTokens.username,
      scopes: apiTokens.scopes,
      expiresAt: apiTokens.expiresAt,
      role: users.role,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.username, apiTokens.username))
    .where(eq(apiTokens.tokenHash, tokenHash));
  if (!row || (row.expiresAt && row.expiresAt.getTime() < Date.now())) return undefined;
  await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.id));
  return { username: row.username, role: row.role as Role, scopes: row.scopes };
}
