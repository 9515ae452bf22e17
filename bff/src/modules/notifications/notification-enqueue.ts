/**
 * Turning things that happened into outbox rows (docs/decisions/100-notifications.md). Denials fold
 * per channel and workload: the first one waits `denyHoldMs` and collects the repeats that arrive
 * meanwhile; once sent, further denials in `denyWindowMs` only add to a count, told in one follow-up
 * when the window is over. Reminders (expiring exemption, silent gate) are told once per key.
 */
import { randomUUID } from 'node:crypto';
import type { AdmissionEvent, NotificationEventType, Rule } from '@gated/shared';
import type { Logger } from 'pino';
import type { Db } from '../../store/db.js';
import {
  addToUnsent,
  enabledChannels,
  insertOutbox,
  lockFold,
  saveFold,
  type ChannelRow,
  type FoldRow,
} from '../../store/notifications.repo.js';
import { inTransaction } from '../../store/transaction.js';
import type { NotificationRuntime } from './notification-settings.js';

/** Reminder keys never reopen: the key itself changes when the thing it is about changes. */
const NEVER_AGAIN = new Date('9999-12-31T00:00:00Z');

export interface NewMessage {
  event: NotificationEventType;
  summary: string;
  details: Record<string, unknown>;
  count: number;
  occurredAt: Date;
}

/** Inserts one outbox row due at `dueAt`; returns its id. */
export async function enqueue(
  db: Db,
  channelId: string,
  message: NewMessage,
  now: Date,
  dueAt: Date = now,
): Promise<string> {
  const id = randomUUID();
  await insertOutbox(db, {
    id,
    channelId,
    ...message,
    status: 'pending',
    attempts: 0,
    lastError: null,
    lastStatus: null,
    createdAt: now,
    nextAttemptAt: dueAt,
    claimedUntil: null,
    deliveredAt: null,
  });
  return id;
}

function denyMessage(e: AdmissionEvent): NewMessage {
  const workload = e.owner ?? { kind: e.kind, name: e.name };
  const rule = e.decidingRule?.name ?? 'a Deny rule';
  return {
    event: 'deny',
    summary: `${workload.kind} ${e.namespace}/${workload.name} was denied on ${e.clusterName} by rule "${rule}"`,
    details: {
      cluster: e.clusterName,
      clusterId: e.clusterId,
      namespace: e.namespace,
      workload: `${workload.kind}/${workload.name}`,
      rule,
      ...(e.worstFinding ? { worstFinding: e.worstFinding.id } : {}),
      reason: e.reason.slice(0, 500),
      admissionId: e.id,
    },
    count: e.count,
    occurredAt: new Date(e.time),
  };
}

function denyKey(e: AdmissionEvent): string {
  const w = e.owner ?? { kind: e.kind, name: e.name };
  return `deny:${e.clusterId}:${e.namespace}:${w.kind}/${w.name}`;
}

/** Folds one denial into a channel's state for its workload, inside `tx`. */
async function foldDenial(
  tx: Db,
  channel: ChannelRow,
  e: AdmissionEvent,
  runtime: NotificationRuntime,
): Promise<void> {
  const now = new Date(runtime.now());
  const message = denyMessage(e);
  const fold = await lockFold(tx, channel.id, denyKey(e));
  if (fold.windowEndsAt > now) {
    if (fold.outboxId && (await addToUnsent(tx, fold.outboxId, message.count))) return;
    await saveFold(tx, {
      ...fold,
      suppressed: fold.suppressed + message.count,
      details: { ...message.details, summary: message.summary, occurredAt: e.time },
    });
    return;
  }
  const dueAt = new Date(now.getTime() + runtime.settings.denyHoldMs);
  const outboxId = await enqueue(tx, channel.id, message, now, dueAt);
  await saveFold(tx, {
    ...fold,
    windowEndsAt: new Date(dueAt.getTime() + runtime.settings.denyWindowMs),
    outboxId,
    suppressed: 0,
    details: null,
  });
}

/**
 * Enqueues the denials among stored admission events for every channel that wants them. Called
 * after ingest has answered the gate's batch; a failure is logged, never thrown into ingest.
 */
export async function enqueueDenials(
  db: Db,
  runtime: NotificationRuntime,
  log: Logger,
  events: AdmissionEvent[],
): Promise<void> {
  const denials = events.filter((e) => e.decision === 'Deny' && !e.dryRun);
  if (!denials.length) return;
  try {
    const byEnvironment = new Map<string, AdmissionEvent[]>();
    for (const e of denials) {
      const list = byEnvironment.get(e.environmentId);
      if (list) list.push(e);
      else byEnvironment.set(e.environmentId, [e]);
    }
    for (const [environmentId, list] of byEnvironment) {
      const channels = (await enabledChannels(db, environmentId)).filter((c) => c.events.deny);
      for (const channel of channels)
        for (const e of list) await inTransaction(db, (tx) => foldDenial(tx, channel, e, runtime));
    }
    runtime.wake();
  } catch (e) {
    log.warn({ err: e }, 'notifications: denials not enqueued');
  }
}

/** The follow-up of a fold whose window ended with denials nobody was told about. */
export async function flushFold(
  tx: Db,
  fold: FoldRow,
  runtime: NotificationRuntime,
): Promise<void> {
  const now = new Date(runtime.now());
  const details = { ...fold.details };
  const summary = typeof details.summary === 'string' ? details.summary : 'Denied again';
  const occurredAt = typeof details.occurredAt === 'string' ? new Date(details.occurredAt) : now;
  delete details.summary;
  delete details.occurredAt;
  const outboxId = await enqueue(
    tx,
    fold.channelId,
    { event: 'deny', summary, details, count: fold.suppressed, occurredAt },
    now,
  );
  await saveFold(tx, {
    ...fold,
    windowEndsAt: new Date(now.getTime() + runtime.settings.denyWindowMs),
    outboxId,
    suppressed: 0,
    details: null,
  });
}

/** Enqueues `message` unless this channel was already told about `key`; true when enqueued. */
export async function enqueueOnce(
  tx: Db,
  channelId: string,
  key: string,
  message: NewMessage,
  now: Date,
): Promise<boolean> {
  const fold = await lockFold(tx, channelId, key);
  if (fold.windowEndsAt > now) return false;
  const outboxId = await enqueue(tx, channelId, message, now);
  await saveFold(tx, {
    ...fold,
    windowEndsAt: NEVER_AGAIN,
    outboxId,
    suppressed: 0,
    details: null,
  });
  return true;
}

/**
 * A rule was created, changed, enabled, disabled or deleted: tell the channels of the environments
 * in its cloud scope (all when empty), inside the rule's own transaction, so it is told if and only
 * if the change committed.
 */
export async function enqueueRuleChanged(
  tx: Db,
  actor: string,
  action: string,
  rule: Rule,
): Promise<void> {
  const now = new Date();
  const scopes = new Set(rule.scope.cloudScopes);
  const channels = (await enabledChannels(tx, null)).filter(
    (c) => c.events.ruleChanged && (scopes.size === 0 || scopes.has(c.environmentId)),
  );
  const verb = action.replace(/^rule\.(import\.)?/, '');
  for (const channel of channels)
    await enqueue(
      tx,
      channel.id,
      {
        event: 'rule.changed',
        summary: `Rule "${rule.name}" (${rule.action}) was ${verb === 'create' ? 'created' : `${verb}d`} by ${actor}`,
        details: { rule: rule.name, ruleId: rule.id, action: verb, ruleAction: rule.action, actor },
        count: 1,
        occurredAt: now,
      },
      now,
    );
}
