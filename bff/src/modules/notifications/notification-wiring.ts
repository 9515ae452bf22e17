/** Builds the notification worker from the environment (env.ts) for server.ts. */
import type { Logger } from 'pino';
import type { Env } from '../../env.js';
import type { Db } from '../../store/db.js';
import { DEFAULT_NOTIFY_SETTINGS } from './notification-settings.js';
import { NotificationWorker } from './notification-worker.js';

export function notifyWorkerFor(
  env: Env,
  db: Db,
  log: Logger,
  publicUrl: string | null,
  options: { clock?: () => number; manualNotifications?: boolean },
): NotificationWorker {
  return new NotificationWorker(
    db,
    {
      ...DEFAULT_NOTIFY_SETTINGS,
      allowedHosts: env.GATED_NOTIFY_ALLOWED_HOSTS.split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
      denyHoldMs: env.GATED_NOTIFY_DENY_HOLD_MS,
      denyWindowMs: env.GATED_NOTIFY_DENY_WINDOW_SECONDS * 1000,
      maxAttempts: env.GATED_NOTIFY_MAX_ATTEMPTS,
      pollMs: options.manualNotifications ? 0 : env.GATED_NOTIFY_POLL_MS,
    },
    log.child({ component: 'notifications' }),
    publicUrl,
    options.clock,
  );
}
