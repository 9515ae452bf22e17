/**
 * Test support: a Docker registry token server (the `auth.token` realm). Checks Basic credentials or an
 * OAuth2 refresh token, and issues RS256 JWTs carrying an `x5c` chain the registry verifies against the
 * generated root certificate (made with `selfsigned`, as node:crypto cannot write certificates).
 */
import { createPrivateKey, randomUUID, sign, X509Certificate } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { generate } from 'selfsigned';

export interface TokenServer {
  realm: string;
  service: string;
  issuer: string;
  rootCertPem: string;
  /** Requests seen: how many token grants, by kind. */
  grants: { basic: number; anonymous: number; refresh: number };
  /** A token with the given repository actions, for the test's pusher. */
  issue(repository: string, actions: string[]): string;
  stop(): Promise<void>;
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString();
}

export async function startTokenServer(opts: {
  username: string;
  password: string;
  refreshToken?: string;
  /** More accepted Basic users (cloud providers' credentials). */ users?: Record<string, string>;
}): Promise<TokenServer> {
  // The gate's own certificate generator (selfsigned), so the suite needs no openssl CLI.
  const pems = await generate([{ name: 'commonName', value: 'gated-test-token-issuer' }], {
    keyType: 'rsa',
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 86_400_000),
  });
  const key = createPrivateKey(pems.private);
  const certPem = pems.cert;
  const der = new X509Certificate(certPem).raw;
  const service = 'gated-test-registry';
  const issuer = 'gated-test-issuer';
  const grants = { basic: 0, anonymous: 0, refresh: 0 };

  const issue = (repository: string, actions: string[]) => {
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(
      JSON.stringify({ typ: 'JWT', alg: 'RS256', x5c: [der.toString('base64')] }),
    );
    const claims = b64url(
      JSON.stringify({
        iss: issuer,
        sub: opts.username,
        aud: service,
        exp: now + 300,
        nbf: now - 10,
        iat: now,
        jti: randomUUID(),
        access: [{ type: 'repository', name: repository, actions }],
      }),
    );
    const signature = sign('RSA-SHA256', Buffer.from(`${header}.${claims}`), key);
    return `${header}.${claims}.${b64url(signature)}`;
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      let scope = url.searchParams.get('scope') ?? '';
      let ok = false;
      if (req.method === 'POST') {
        const form = new URLSearchParams(await body(req));
        scope = form.get('scope') ?? '';
        ok =
          form.get('grant_type') === 'refresh_token' &&
          !!opts.refreshToken &&
          form.get('refresh_token') === opts.refreshToken;
        if (ok) grants.refresh++;
      } else {
        const auth = req.headers.authorization;
        const users = { ...opts.users, [opts.username]: opts.password };
        ok = Object.entries(users).some(
          ([u, p]) => auth === `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`,
        );
        if (ok) grants.basic++;
        else if (!auth) grants.anonymous++;
      }
      if (!ok) {
        res
          .writeHead(401, { 'content-type': 'application/json' })
          .end('{"errors":[{"code":"UNAUTHORIZED"}]}');
        return;
      }
      const [, name = '', actions = 'pull'] = scope.split(':');
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ token: issue(name, actions.split(',')), expires_in: 300 }));
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    realm: `http://127.0.0.1:${port}/token`,
    service,
    issuer,
    rootCertPem: certPem,
    grants,
    issue,
    stop: () => new Promise((r) => server.close(() => r())),
  };
}
