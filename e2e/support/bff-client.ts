import { MeSchema } from '@gated/shared';

/**
 * The few BFF calls the harness makes outside a browser (global setup, the demo): sign in with a
 * password, then mint a personal API token so every later call is a plain Bearer call with no CSRF.
 */
export async function signInForToken(
  bffUrl: string,
  username: string,
  password: string,
  tokenName: string,
): Promise<string> {
  const login = await fetch(new URL('/api/v1/auth/login', bffUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!login.ok)
    throw new Error(`sign-in as ${username} failed: ${login.status} ${await login.text()}`);
  const me = MeSchema.parse(await login.json());
  const cookie = (login.headers.getSetCookie?.() ?? [])
    .map((c) => c.split(';')[0])
    .filter((c): c is string => Boolean(c))
    .join('; ');
  const created = await fetch(new URL('/api/v1/tokens', bffUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': me.csrfToken ?? '' },
    // The harness sets up environments, clusters, rules and findings: every scope.
    body: JSON.stringify({
      name: tokenName,
      scopes: ['read', 'write', 'findings:upload', 'gate'],
    }),
  });
  if (!created.ok)
    throw new Error(`creating an API token failed: ${created.status} ${await created.text()}`);
  const body = (await created.json()) as { token: string };
  return body.token;
}

/** JSON call with a Bearer token; throws with the problem body on a non-2xx answer. */
export async function bffJson<T>(
  bffUrl: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(new URL(path, bffUrl), {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
