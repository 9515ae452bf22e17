/** Sign-in with the built-in accounts; sessions are stored hashed with their CSRF token. */
import { randomBytes } from 'node:crypto';
import {
  AuthenticationError,
  NotAllowedError,
  RateLimitedError,
  type LoginInput,
  type Role,
} from '@gated/shared';
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

/**
 * Checks the throttle before the password (auth/login-throttle.ts), so a locked account or
 * address learns nothing, not even whether a guess was right. `address` is the client address.
 */
export async function signIn(
  deps: AppDeps,
  input: LoginInput,
  address: string,
): Promise<NewSession> {
  if (!deps.config.builtinAccounts)
    throw new NotAllowedError(
      'Password sign-in is turned off (GATED_BUILTIN_ACCOUNTS=off); use single sign-on',
    );
  const wait = deps.loginThrottle.retryAfterSeconds(input.username, address);
  if (wait > 0)
    throw new RateLimitedError(
      wait,
      `Too many failed sign-ins for this account or from this address; try again in ${wait} s`,
    );
  const user = await findUser(deps.db, input.username);
  // Verify against a dummy hash for unknown users too, so timing does not reveal which names exist.
  const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok) {
    deps.loginThrottle.failed(input.username, address);
    throw new AuthenticationError('Wrong user name or password');
  }
  deps.loginThrottle.succeeded(input.username);
  return startSession(deps, user.username, user.role);
}

/** A new session for a user whose identity is proven (password or single sign-on). */
export async function startSession(
  deps: AppDeps,
  username: string,
  role: Role,
): Promise<NewSession> {
  const sessionId = newSecret('session');
  const csrfToken = randomBytes(24).toString('base64url');
  await insertSession(deps.db, {
    idHash: hashSecret(sessionId),
    username,
    csrfToken,
    expiresAt: new Date(Date.now() + deps.config.sessionTtlMs),
  });
  return { sessionId, csrfToken, username, role };
}

export async function signOut(deps: AppDeps, sessionId: string | undefined): Promise<void> {
  if (sessionId) await deleteSession(deps.db, hashSecret(sessionId));
}

const DUMMY_HASH =
  'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
