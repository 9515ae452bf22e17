/** Single sign-on: sign-ins in flight and the users the provider vouches for (migration 0080). */
import type { Role } from '@gated/shared';
import { and, eq, inArray, isNull, lt } from 'drizzle-orm';
import type { Db } from './db.js';
import { oidcLogins, sessions, users } from './schema.js';

export interface PendingLogin {
  stateHash: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  expiresAt: Date;
}

export async function insertPendingLogin(db: Db, p: PendingLogin, now: Date): Promise<void> {
  await db.delete(oidcLogins).where(lt(oidcLogins.expiresAt, now));
  await db.insert(oidcLogins).values({ ...p, createdAt: now });
}

/** Removes and returns the attempt: a state works once, and never after it expired. */
export async function takePendingLogin(
  db: Db,
  stateHash: string,
  now: Date,
): Promise<PendingLogin | undefined> {
  const [row] = await db.delete(oidcLogins).where(eq(oidcLogins.stateHash, stateHash)).returning();
  return row && row.expiresAt > now ? row : undefined;
}

export interface OidcIdentity {
  issuer: string;
  subject: string;
  /** What the provider calls the user (preferred_username, email or sub). */
  preferredName: string;
}

async function usernameOf(db: Db, id: OidcIdentity): Promise<string | undefined> {
  const [row] = await db
    .select({ username: users.username })
    .from(users)
    .where(and(eq(users.oidcIssuer, id.issuer), eq(users.oidcSubject, id.subject)));
  return row?.username;
}

/**
 * Creates the user on first sign-in or updates its role, and answers its username. The provider's
 * name is used when free; a name already taken (a built-in account, another subject) gets the
 * subject appended, so an IdP user called `admin` never becomes the built-in admin.
 */
export async function upsertOidcUser(
  db: Db,
  id: OidcIdentity,
  role: Role,
  now: Date,
): Promise<string> {
  const known = await usernameOf(db, id);
  if (known) {
    await db.update(users).set({ role }).where(eq(users.username, known));
    return known;
  }
  for (const username of [id.preferredName, `${id.preferredName} (${id.subject})`]) {
    const inserted = await db
      .insert(users)
      .values({
        username,
        passwordHash: null,
        role,
        createdAt: now,
        oidcIssuer: id.issuer,
        oidcSubject: id.subject,
      })
      .onConflictDoNothing()
      .returning({ username: users.username });
    if (inserted.length > 0) return username;
    // A concurrent first sign-in of the same subject may have won the race.
    const raced = await usernameOf(db, id);
    if (raced) return raced;
  }
  throw new Error(`no free username for ${id.issuer} ${id.subject}`);
}

/** A known user the provider no longer maps to a role: its sessions end now. */
export async function endSessionsOfIdentity(db: Db, id: OidcIdentity): Promise<void> {
  const username = await usernameOf(db, id);
  if (username) await db.delete(sessions).where(eq(sessions.username, username));
}

/** Whether the user signed in through single sign-on (so logout may end the provider's session). */
export async function isOidcUser(db: Db, username: string): Promise<boolean> {
  const [row] = await db
    .select({ s: users.oidcSubject })
    .from(users)
    .where(eq(users.username, username));
  return Boolean(row?.s);
}

/** GATED_BUILTIN_ACCOUNTS=off: sessions of password accounts end (tokens stay, held to the role). */
export async function endBuiltinSessions(db: Db): Promise<void> {
  const builtin = db
    .select({ username: users.username })
    .from(users)
    .where(isNull(users.oidcSubject));
  await db.delete(sessions).where(inArray(sessions.username, builtin));
}
