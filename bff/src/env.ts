/**
 * The only reader of process.env (docs/conventions.md#env-read-once). Parsed once with zod;
 * `--help` prints every variable.
 */
import path from 'node:path';
import { z } from 'zod';
import { parseTrustedProxies } from './lib/client-address.js';
import { checkOidcEnv, OidcEnvSchema } from './auth/oidc/oidc-env.js';

const VARS = {
  PORT: 'listen port (8080)',
  HOST: 'listen address (127.0.0.1)',
  GATED_DATA_DIR: 'data folder; the embedded store lives in <dir>/pglite (./data)',
  DATABASE_URL: 'PostgreSQL connection string; when set, used instead of the embedded store',
  GATED_ADMIN_PASSWORD: 'first-start password of `admin` (random, printed once, when unset)',
  GATED_READER_PASSWORD: 'first-start password of `reader` (random, printed once, when unset)',
  GATED_WEB_DIR: 'built portal to serve at / (../web/dist relative to this package)',
  GATED_PUBLIC_URL: 'base URL of the portal, for links in gate messages (http://HOST:PORT)',
  GATED_DEMO:
    '1 → seed demo environments, a demo cluster, demo findings and a Deny rule (idempotent)',
  GATED_BODY_LIMIT_BYTES: 'request body limit (1048576); findings uploads allow 32 MB',
  GATED_SESSION_TTL_HOURS: 'session lifetime in hours (12)',
  GATED_SECURE_COOKIES:
    '1 → always mark cookies Secure; without it they are Secure whenever the request came over TLS',
  GATED_TRUST_PROXY:
    'reverse proxies whose X-Forwarded-For/-Proto are believed: 1 (any peer) or IPs/CIDRs, comma-separated (none)',
  GATE_INSECURE_REGISTRIES:
    'registries (host:port, comma-separated) reached over plain HTTP by POST /findings/refresh; also allowed to be internal',
  GATE_ALLOWED_PRIVATE_REGISTRIES:
    'registries and token realms (host:port, comma-separated) that may resolve to loopback, private, link-local or metadata addresses; all others are refused before connecting',
  GATED_EVENT_RETENTION_DAYS:
    'days admission events are kept after they were last seen; older ones are pruned in the background (30)',
  GATED_NOTIFY_ALLOWED_HOSTS:
    'notification receivers (host:port, comma-separated) that may be internal addresses and plain HTTP; all others need HTTPS to a public address',
  GATED_NOTIFY_DENY_HOLD_MS:
    "how long a workload's first denial waits for repeats before it is sent (1000)",
  GATED_NOTIFY_DENY_WINDOW_SECONDS:
    "after a workload's denial message, further denials in this window are counted and told once when it ends (600)",
  GATED_NOTIFY_MAX_ATTEMPTS: 'delivery attempts before a notification is marked failed (8)',
  GATED_NOTIFY_POLL_MS: 'how often the outbox is polled for due deliveries (1000)',
  LOG_LEVEL: 'pino log level (info)',
  GATED_BUILTIN_ACCOUNTS:
    'on|off (on): off refuses password sign-in of the built-in accounts (use with single sign-on)',
  GATED_OIDC_ISSUER:
    'OpenID Connect issuer URL; enables "Sign in with <provider>" (HTTPS; plain HTTP only on loopback)',
  GATED_OIDC_CLIENT_ID: 'OIDC client id (required with GATED_OIDC_ISSUER)',
  GATED_OIDC_CLIENT_SECRET: 'OIDC client secret (none: a public client, PKCE only)',
  GATED_OIDC_SCOPES: 'scopes requested, space-separated (openid profile email)',
  GATED_OIDC_GROUPS_CLAIM:
    'claim holding the groups or roles, from the ID token or else userinfo; a.b follows nesting (groups)',
  GATED_OIDC_ADMIN_GROUPS: 'groups/roles (comma-separated) that make a user SecurityAdmin',
  GATED_OIDC_READER_GROUPS: 'groups/roles (comma-separated) that make a user SecurityReader',
  GATED_OIDC_PROVIDER_NAME: 'name on the sign-in button, "Sign in with <name>" (the issuer host)',
} as const;

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  GATED_DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().url().optional(),
  GATED_ADMIN_PASSWORD: z.string().min(8, 'at least 8 characters').optional(),
  GATED_READER_PASSWORD: z.string().min(8, 'at least 8 characters').optional(),
  GATED_WEB_DIR: z.string().default(path.resolve(import.meta.dirname, '../../web/dist')),
  GATED_PUBLIC_URL: z.string().url().optional(),
  GATED_DEMO: z
    .enum(['0', '1', 'true', 'false', ''])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  GATED_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  GATED_SESSION_TTL_HOURS: z.coerce.number().min(0.01).default(12),
  GATED_SECURE_COOKIES: z
    .enum(['0', '1', ''])
    .default('0')
    .transform((v) => v === '1'),
  GATED_TRUST_PROXY: z
    .string()
    .default('')
    .transform((v, ctx) => {
      try {
        return parseTrustedProxies(v);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message });
        return z.NEVER;
      }
    }),
  GATE_INSECURE_REGISTRIES: z.string().default(''),
  GATE_ALLOWED_PRIVATE_REGISTRIES: z.string().default(''),
  GATED_EVENT_RETENTION_DAYS: z.coerce.number().min(0.001).max(36_500).default(30),
  GATED_NOTIFY_ALLOWED_HOSTS: z.string().default(''),
  GATED_NOTIFY_DENY_HOLD_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  GATED_NOTIFY_DENY_WINDOW_SECONDS: z.coerce.number().int().min(0).max(86_400).default(600),
  GATED_NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  GATED_NOTIFY_POLL_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ...OidcEnvSchema.shape,
});
export type Env = z.infer<typeof EnvSchema>;

/** The help text `--help` prints. */
export function envHelp(): string {
  const lines = Object.entries(VARS).map(([k, v]) => `  ${k.padEnd(31)} ${v}`);
  return `Gated Deployment BFF\n\nUsage: node dist/index.js [--help]\n\nEnvironment variables:\n${lines.join('\n')}\n`;
}

/** Parses the given environment (process.env by default); throws a readable list on failure. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const picked = Object.fromEntries(
    Object.keys(VARS).map((k) => [k, source[k] === '' ? undefined : source[k]]),
  );
  const parsed = EnvSchema.superRefine(checkOidcEnv).safeParse(picked);
  if (!parsed.success) {
    const list = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid environment:\n${list}`);
  }
  return parsed.data;
}
