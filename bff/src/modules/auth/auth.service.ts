/** Sign-in with the built-in accounts; sessions are stored hashed with their CSRF token. */
import { randomBytes } from 'node:crypto';
import { AuthenticationError, type LoginInput, type Role } from '@gated/shared';
import { hashSecret, newSecret } from '../../auth/secrets.js';
import { verifyPassword } from '../../auth/passwords.js';
import type { AppDeps } from '../../lib/app-env.js';
import { deleteSession, findUser, insertSession } from '../../store/auth.repo.js';

export interface NewSession {
  sessionId: string;
  csrfToken: string;
  username: string;
  role: Role;
}

export async function signIn(deps: AppDeps, input: LoginInput): Promise<NewSession> {
  const user = await findUser(deps.db, input.username);
  // Verify against a dummy hash for unknown users too, so timing does not reveal which names exist.
  const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok) throw new AuthenticationError('Wrong user name or password');
  const sessionId = newSecret('session');
  const csrfToken = randomBytes(24).toString('base64url');
  await insertSession(deps.db, {
    idHash: hashSecret(sessionId),
    username: user.username,
    csrfToken,
    expiresAt: new Date(Date.now() + deps.config.sessionTtlMs),
  });
  return { sessionId, csrfToken, username: user.username, role: user.role };
}

export async function signOut(deps: AppDeps, sessionId: string | undefined): Promise<void> {
  if (sessionId) await deleteSession(deps.db, hashSecret(sessionId));
}

const DUMMY_HASH =
  'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
