/**
 * Reminders the worker looks for every `scanMs`: folds whose window ended with untold denials, rule
 * exemptions that expire within a channel's `exemptionExpiringDays`, and gates not seen for a
 * channel's `gateSilentMinutes`. Each reminder is told once per key (enqueueOnce).
 */
import { exemptionExpiresAt, type Rule } from '@gated/shared';
import type { Db } from '../../store/db.js';
import { listClusterRows } from '../../store/clusters.repo.js';
import {
  enabledChannels,
  endedFoldsWithSuppressed,
  lockFold,
} from '../../store/notifications.repo.js';
import { listRules } from '../../store/rules.repo.js';
import { inTransaction } from '../../store/transaction.js';
import { enqueueOnce, flushFold } from './notification-enqueue.js';
import type { NotificationRuntime } from './notification-settings.js';

const DAY_MS = 86_400_000;

async function flushEndedFolds(db: Db, runtime: NotificationRuntime): Promise<void> {
  const now = new Date(runtime.now());
  for (const ended of await endedFoldsWithSuppressed(db, now, 100)) {
    await inTransaction(db, async (tx) => {
      // Re-read under lock: another replica may have flushed it meanwhile.
      const fold = await lockFold(tx, ended.channelId, ended.foldKey);
      if (fold.suppressed > 0 && fold.windowEndsAt <= now) await flushFold(tx, fold, runtime);
    });
  }
}

function inScope(rule: Rule, environmentId: string): boolean {
  return rule.scope.cloudScopes.length === 0 || rule.scope.cloudScopes.includes(environmentId);
}

export async function scanReminders(db: Db, runtime: NotificationRuntime): Promise<void> {
  await flushEndedFolds(db, runtime);
  const nowMs = runtime.now();
  const now = new Date(nowMs);
  const channels = await enabledChannels(db, null);
  const wantExemptions = channels.filter((c) => c.events.exemptionExpiringDays !== null);
  const rules = wantExemptions.length ? await listRules(db) : [];
  for (const channel of wantExemptions) {
    const horizon = nowMs + (channel.events.exemptionExpiringDays ?? 0) * DAY_MS;
    for (const rule of rules.filter((r) => r.enabled && inScope(r, channel.environmentId)))
      for (const ex of rule.exemptions) {
        const expiresAt = exemptionExpiresAt(ex);
        if (expiresAt === undefined || expiresAt <= nowMs || expiresAt > horizon) continue;
        const days = Math.max(1, Math.ceil((expiresAt - nowMs) / DAY_MS));
        await inTransaction(db, (tx) =>
          enqueueOnce(
            tx,
            channel.id,
            `exemption:${rule.id}:${ex.type}:${ex.match}:${ex.value}:${ex.validUntil ?? ''}`,
            {
              event: 'exemption.expiring',
              summary: `The ${ex.type} exemption "${ex.value}" of rule "${rule.name}" expires in ${days} day${days === 1 ? '' : 's'} (${ex.validUntil ?? ''}, ${ex.timeZone ?? ''})`,
              details: {
                rule: rule.name,
                ruleId: rule.id,
                exemption: `${ex.type} ${ex.match} ${ex.value}`,
                validUntil: ex.validUntil ?? '',
                expiresAt: new Date(expiresAt).toISOString(),
                ...(ex.ticket ? { ticket: ex.ticket } : {}),
              },
              count: 1,
              occurredAt: now,
            },
            now,
          ),
        );
      }
  }
  for (const channel of channels.filter((c) => c.events.gateSilentMinutes !== null)) {
    const limitMs = (channel.events.gateSilentMinutes ?? 0) * 60_000;
    for (const cluster of await listClusterRows(db, channel.environmentId)) {
      const seen = cluster.lastSeenAt;
      if (!seen || nowMs - seen.getTime() < limitMs) continue;
      const minutes = Math.floor((nowMs - seen.getTime()) / 60_000);
      await inTransaction(db, (tx) =>
        enqueueOnce(
          tx,
          channel.id,
          `gate.silent:${cluster.id}:${seen.toISOString()}`,
          {
            event: 'gate.silent',
            summary: `The gate of cluster ${cluster.name} has not been seen for ${minutes} minutes`,
            details: {
              cluster: cluster.name,
              clusterId: cluster.id,
              lastSeenAt: seen.toISOString(),
            },
            count: 1,
            occurredAt: now,
          },
          now,
        ),
      );
    }
  }
}
