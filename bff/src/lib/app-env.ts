/** Hono environment of every route: the request id, the app's dependencies and who is calling. */
import type { ApiTokenScope, Role } from '@gated/shared';
import type { Logger } from 'pino';
import type { LoginThrottle } from '../auth/login-throttle.js';
import type { OidcClient } from '../auth/oidc/oidc-client.js';
import type { TrustedProxies } from './client-address.js';
import type { Db } from '../store/db.js';
import type { PolicyNotifier } from '../modules/gate/policy-notifier.js';
import type { BffMetrics } from '../modules/observability/bff-metrics.js';
import type { NotificationRuntime } from '../modules/notifications/notification-settings.js';
import type { ClusterRow } from '../store/clusters.repo.js';

export interface AppConfig {
  /** Base URL of the portal for links in gate messages; null when unknown. */
  publicUrl: string | null;
  bodyLimitBytes: number;
  sessionTtlMs: number;
  /** Always mark cookies Secure (they are anyway when the request arrived over TLS). */
  secureCookies: boolean;
  /** Direct peers whose X-Forwarded-For / X-Forwarded-Proto are believed. */
  trustProxy: TrustedProxies;
  /** Built portal folder; served with SPA fallback when it exists. */
  webDir: string | null;
  /** Registries (host:port) reached over plain HTTP by the on-demand registry pull. */
  insecureRegistries: string[];
  /** Registries and token realms (host:port) the registry pull may reach on internal addresses. */
  allowedPrivateRegistries: string[];
  /** GATED_BUILTIN_ACCOUNTS: false refuses password sign-in. */
  builtinAccounts: boolean;
  /** Admission events are pruned this many days after they were last seen. */
  eventRetentionDays: number;
}

export interface AppDeps {
  db: Db;
  storeKind: 'embedded' | 'postgres';
  config: AppConfig;
  notifier: PolicyNotifier;
  log: Logger;
  /** Failed sign-ins per account and per client address (in memory, per process). */
  loginThrottle: LoginThrottle;
  metrics: BffMetrics;
  /** Single sign-on, when GATED_OIDC_ISSUER is set (auth/oidc/). */
  oidc: OidcClient | null;
  /** Outbound notifications: settings, clock, and a nudge for the delivery worker. */
  notifications: NotificationRuntime;
  /** The server's clock (ms since the epoch): `Date.now`, or a test's own. */
  now: () => number;
}

export interface UserPrincipal {
  username: string;
  role: Role;
  authMethod: 'session' | 'token';
  csrfToken: string | null;
  /** What the API token may do; null for a session (everything the role allows). */
  scopes: ApiTokenScope[] | null;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    deps: AppDeps;
    user: UserPrincipal;
    gateClusterId: string;
    /** The calling gate's cluster row as authentication read it (lastSeenAt/gateVersion as written). */
    gateCluster: ClusterRow;
  };
}
