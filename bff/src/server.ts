/**
 * Composition: open the store, seed accounts (and the demo when asked), build the app. Used by the
 * entry point and by tests that need the whole thing.
 */
import pino, { type Logger } from 'pino';
import { createApp } from './app.js';
import { LoginThrottle } from './auth/login-throttle.js';
import { OidcClient } from './auth/oidc/oidc-client.js';
import { oidcConfigFromEnv } from './auth/oidc/oidc-env.js';
import { seedUsers, type SeededUsers } from './auth/seed-users.js';
import type { Env } from './env.js';
import type { AppDeps } from './lib/app-env.js';
import { EventRetention } from './modules/admissions/event-retention.js';
import { seedDemo, type DemoSeed } from './modules/demo/demo-seed.js';
import { PolicyNotifier } from './modules/gate/policy-notifier.js';
import { BffMetrics } from './modules/observability/bff-metrics.js';
import { notifyWorkerFor } from './modules/notifications/notification-wiring.js';
import type { NotificationWorker } from './modules/notifications/notification-worker.js';
import { storeBytes } from './modules/observability/readiness.js';
import { openStore, type Store } from './store/db.js';
import { endBuiltinSessions } from './store/oidc.repo.js';

export interface Bff {
  app: ReturnType<typeof createApp>;
  deps: AppDeps;
  store: Store;
  seeded: SeededUsers | undefined;
  demo: DemoSeed | undefined;
  /** The notification delivery worker (tests drive `runOnce` when polling is off). */
  notifications: NotificationWorker;
  close(): Promise<void>;
}

const hostList = (value: string) =>
  value
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);

export async function startBff(
  env: Env,
  options: {
    inMemory?: boolean;
    log?: Logger;
    clock?: () => number;
    /** No background notification worker: the caller drives `notifications.runOnce()`. */
    manualNotifications?: boolean;
  } = {},
): Promise<Bff> {
  const log = options.log ?? pino({ level: env.LOG_LEVEL });
  const store = await openStore({
    databaseUrl: env.DATABASE_URL,
    dataDir: options.inMemory ? undefined : env.GATED_DATA_DIR,
    onConnectionLost: (error) =>
      log.warn({ err: error }, 'database connection lost; the pool reconnects on the next query'),
  });
  const notifier = new PolicyNotifier(store.db, {
    databaseUrl: store.databaseUrl,
    log: log.child({ component: 'policy-notifier' }),
  });
  const publicUrl = env.GATED_PUBLIC_URL ?? `http://${env.HOST}:${env.PORT}`;
  const notifications = notifyWorkerFor(env, store.db, log, publicUrl, options);
  const deps: AppDeps = {
    db: store.db,
    storeKind: store.kind,
    notifier,
    log,
    loginThrottle: new LoginThrottle(options.clock ? { now: options.clock } : {}),
    metrics: new BffMetrics({ storeBytes: () => storeBytes(store.db) }),
    notifications,
    config: {
      publicUrl,
      bodyLimitBytes: env.GATED_BODY_LIMIT_BYTES,
      sessionTtlMs: env.GATED_SESSION_TTL_HOURS * 3_600_000,
      secureCookies: env.GATED_SECURE_COOKIES,
      trustProxy: env.GATED_TRUST_PROXY,
      webDir: env.GATED_WEB_DIR,
      insecureRegistries: hostList(env.GATE_INSECURE_REGISTRIES),
      allowedPrivateRegistries: hostList(env.GATE_ALLOWED_PRIVATE_REGISTRIES),
      builtinAccounts: env.GATED_BUILTIN_ACCOUNTS,
      eventRetentionDays: env.GATED_EVENT_RETENTION_DAYS,
    },
    oidc: null,
    now: options.clock ?? Date.now,
  };
  const oidc = oidcConfigFromEnv(env, deps.config.publicUrl ?? '');
  if (oidc) deps.oidc = new OidcClient(oidc, deps.config.allowedPrivateRegistries, options.clock);
  if (!env.GATED_BUILTIN_ACCOUNTS) await endBuiltinSessions(store.db);
  const seeded = await seedUsers(store.db, {
    admin: env.GATED_ADMIN_PASSWORD,
    reader: env.GATED_READER_PASSWORD,
  });
  const demo = env.GATED_DEMO ? await seedDemo(deps, env.GATED_DATA_DIR) : undefined;
  const app = createApp(deps);
  const retention = new EventRetention({
    db: store.db,
    days: env.GATED_EVENT_RETENTION_DAYS,
    log: log.child({ component: 'event-retention' }),
    ...(options.clock ? { now: options.clock } : {}),
  });
  retention.start();
  notifications.start();
  return {
    app,
    deps,
    store,
    seeded,
    demo,
    notifications,
    close: async () => {
      await retention.stop();
      await notifications.close();
      await notifier.close();
      await store.close();
    },
  };
}
