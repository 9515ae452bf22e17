/**
 * The two browser legs of single sign-on. `beginSignIn` stores a fresh state (hashed), nonce and
 * PKCE verifier and answers the provider URL; `finishSignIn` accepts a return only when its state
 * equals the browser's state cookie and a stored, unexpired, unused attempt, then verifies the
 * tokens, maps the groups to a role (none: refused) and opens a session like a password sign-in.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SsoOutcome } from '@gated/shared';
import type { AppDeps } from '../../lib/app-env.js';
import { startSession, type NewSession } from '../../modules/auth/auth.service.js';
import {
  endSessionsOfIdentity,
  insertPendingLogin,
  takePendingLogin,
  upsertOidcUser,
} from '../../store/oidc.repo.js';
import { inTransaction } from '../../store/transaction.js';
import { hashSecret } from '../secrets.js';
import type { OidcClient } from './oidc-client.js';
import { IdTokenError } from './id-token.js';
import { ProviderUnavailableError } from './provider-http.js';
import { roleForGroups } from './role-mapping.js';

const ATTEMPT_TTL_MS = 10 * 60_000;
const random = () => randomBytes(32).toString('base64url');

/** Only same-app paths are followed after sign-in (no open redirect). */
export function safeReturnPath(from: string | undefined): string {
  return from?.startsWith('/') &&
    !from.startsWith('//') &&
    !from.startsWith('/\\') &&
    !from.startsWith('/sign-in') &&
    from.length <= 2000
    ? from
    : '/';
}

export async function beginSignIn(
  deps: AppDeps,
  client: OidcClient,
  from: string | undefined,
): Promise<{ state: string; redirectTo: string }> {
  const state = random();
  const nonce = random();
  const codeVerifier = random();
  const codeChallenge = createHash('sha256').update(codeVerifier).digest('base64url');
  const redirectTo = await client.authorizationUrl({ state, nonce, codeChallenge });
  const now = new Date();
  await insertPendingLogin(
    deps.db,
    {
      stateHash: hashSecret(state),
      nonce,
      codeVerifier,
      returnTo: safeReturnPath(from),
      expiresAt: new Date(now.getTime() + ATTEMPT_TTL_MS),
    },
    now,
  );
  return { state, redirectTo };
}

export type SignInResult =
  | { outcome: 'signed-in'; session: NewSession; returnTo: string }
  | { outcome: SsoOutcome; reason: string };

function sameState(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function finishSignIn(
  deps: AppDeps,
  client: OidcClient,
  returned: { code?: string | undefined; state?: string | undefined; error?: string | undefined },
  cookieState: string | undefined,
): Promise<SignInResult> {
  if (!returned.state || !cookieState || !sameState(returned.state, cookieState))
    return { outcome: 'failed', reason: 'state does not match this browser' };
  const attempt = await takePendingLogin(deps.db, hashSecret(returned.state), new Date());
  if (!attempt) return { outcome: 'failed', reason: 'unknown, used or expired state' };
  if (returned.error)
    return { outcome: 'cancelled', reason: `provider error ${returned.error.slice(0, 100)}` };
  if (!returned.code) return { outcome: 'failed', reason: 'no code returned' };
  let signedIn;
  try {
    signedIn = await client.finish({
      code: returned.code,
      codeVerifier: attempt.codeVerifier,
      nonce: attempt.nonce,
    });
  } catch (e) {
    if (e instanceof IdTokenError) return { outcome: 'failed', reason: e.message };
    if (e instanceof ProviderUnavailableError) return { outcome: 'unavailable', reason: e.message };
    throw e;
  }
  const identity = {
    issuer: client.config.issuer,
    subject: signedIn.subject,
    preferredName: signedIn.preferredName,
  };
  const role = roleForGroups(signedIn.groups, client.config);
  if (!role) {
    await endSessionsOfIdentity(deps.db, identity);
    return {
      outcome: 'refused',
      reason: `${identity.preferredName}: no mapped group in ${client.config.groupsClaim}`,
    };
  }
  const session = await inTransaction(deps.db, async (tx) => {
    const username = await upsertOidcUser(tx, identity, role, new Date());
    return startSession({ ...deps, db: tx }, username, role);
  });
  return { outcome: 'signed-in', session, returnTo: attempt.returnTo };
}
