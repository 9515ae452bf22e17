/** Hono environment of every route: the request id, the app's dependencies and who is calling. */
import type { Role } from '@gated/shared';
import type { Logger } from 'pino';
import type { Db } from '../store/db.js';
import type { PolicyNotifier } from '../modules/gate/policy-notifier.js';
import type { BffMetrics } from '../modules/observability/bff-metrics.js';

export interface AppConfig {
  /** Base URL of the portal for links in gate messages; null when unknown. */
  publicUrl: string | null;
  bodyLimitBytes: number;
  sessionTtlMs: number;
  secureCookies: boolean;
  /** Built portal folder; served with SPA fallback when it exists. */
  webDir: string | null;
  /** Registries (host:port) reached over plain HTTP by the on-demand registry pull. */
  insecureRegistries: string[];
}

export interface AppDeps {
  db: Db;
  storeKind: 'embedded' | 'postgres';
  config: AppConfig;
  notifier: PolicyNotifier;
  log: Logger;
  metrics: BffMetrics;
}

export interface UserPrincipal {
  username: string;
  role: Role;
  authMethod: 'session' | 'token';
  csrfToken: string | null;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    deps: AppDeps;
    user: UserPrincipal;
    gateClusterId: string;
  };
}
