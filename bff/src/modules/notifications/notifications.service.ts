/**
 * Notification channels of an environment: admins add, change and remove them (secrets write-only),
 * send a test message, and read the delivery log. docs/decisions/100-notifications.md.
 */
import { randomUUID } from 'node:crypto';
import {
  InputError,
  NotFoundError,
  type NotificationChannel,
  type NotificationChannelInput,
  type NotificationChannelUpdate,
  type NotificationDelivery,
} from '@gated/shared';
import type { AppDeps } from '../../lib/app-env.js';
import { recordAudit } from '../../store/audit.repo.js';
import { getEnvironmentRow } from '../../store/environments.repo.js';
import {
  deleteChannel,
  getChannel,
  insertChannel,
  listChannels,
  listDeliveries,
  toChannel,
  toDelivery,
  updateChannel,
  type ChannelRow,
} from '../../store/notifications.repo.js';
import { inTransaction } from '../../store/transaction.js';
import { isUuid } from '../../store/uuid.js';
import { enqueue } from './notification-enqueue.js';

async function environmentOrThrow(deps: AppDeps, id: string): Promise<void> {
  if (!isUuid(id) || !(await getEnvironmentRow(deps.db, id)))
    throw new NotFoundError('No such environment');
}

async function channelOrThrow(
  deps: AppDeps,
  environmentId: string,
  id: string,
): Promise<ChannelRow> {
  await environmentOrThrow(deps, environmentId);
  const row = isUuid(id) ? await getChannel(deps.db, environmentId, id) : undefined;
  if (!row) throw new NotFoundError('No such notification channel');
  return row;
}

/** Plain HTTP only to receivers an operator listed (the same list lets them be internal). */
function checkUrl(deps: AppDeps, url: string): void {
  const parsed = new URL(url);
  if (parsed.username || parsed.password)
    throw new InputError('The URL must not carry a user name or password', [
      { path: 'url', message: 'Remove the user:password@ part' },
    ]);
  const port = parsed.port || (parsed.protocol === 'https:' ? '443' : '80');
  const listed = deps.notifications.settings.allowedHosts.includes(`${parsed.hostname}:${port}`);
  if (parsed.protocol === 'http:' && !listed)
    throw new InputError('Receivers must use HTTPS', [
      {
        path: 'url',
        message:
          'Use an https:// URL (plain HTTP only to hosts listed in GATED_NOTIFY_ALLOWED_HOSTS)',
      },
    ]);
}

function requireSecret(kind: ChannelRow['kind'], secret: string | null): void {
  if (kind === 'generic' && !secret)
    throw new InputError('A generic webhook needs a signing secret', [
      { path: 'secret', message: 'Enter a secret of at least 16 characters' },
    ]);
}

/** What the audit log may keep of a channel: never the URL (Slack/Teams tokens) or the secret. */
function audited(row: ChannelRow): Record<string, unknown> {
  const { url: _url, secret: _secret, ...rest } = row;
  return { ...rest, urlPreview: toChannel(row).urlPreview };
}

export async function channelsOf(
  deps: AppDeps,
  environmentId: string,
): Promise<{ items: NotificationChannel[] }> {
  await environmentOrThrow(deps, environmentId);
  return { items: (await listChannels(deps.db, environmentId)).map(toChannel) };
}

export async function addChannel(
  deps: AppDeps,
  actor: string,
  environmentId: string,
  input: NotificationChannelInput,
): Promise<NotificationChannel> {
  await environmentOrThrow(deps, environmentId);
  checkUrl(deps, input.url);
  const secret = input.kind === 'generic' ? (input.secret ?? null) : null;
  requireSecret(input.kind, secret);
  const now = new Date();
  const row: ChannelRow = {
    id: randomUUID(),
    environmentId,
    name: input.name,
    kind: input.kind,
    url: input.url,
    secret,
    enabled: input.enabled,
    events: input.events,
    createdAt: now,
    updatedAt: now,
    createdBy: actor,
  };
  await inTransaction(deps.db, async (tx) => {
    await insertChannel(tx, row);
    await recordAudit(tx, {
      actor,
      action: 'notification.add',
      resourceType: 'environment',
      resourceId: environmentId,
      after: audited(row),
    });
  });
  return toChannel(row);
}

export async function changeChannel(
  deps: AppDeps,
  actor: string,
  environmentId: string,
  id: string,
  input: NotificationChannelUpdate,
): Promise<NotificationChannel> {
  const current = await channelOrThrow(deps, environmentId, id);
  if (input.url !== undefined) checkUrl(deps, input.url);
  if (input.kind !== current.kind && input.url === undefined)
    throw new InputError('Changing the kind needs the receiver URL again', [
      { path: 'url', message: 'Enter the URL of the new receiver' },
    ]);
  // Left out, the stored secret stays (the portal never has it); a generic channel keeps signing.
  const kept = input.kind === current.kind ? current.secret : null;
  const secret = input.kind === 'generic' ? (input.secret ?? kept) : null;
  requireSecret(input.kind, secret);
  const row: ChannelRow = {
    ...current,
    name: input.name,
    kind: input.kind,
    url: input.url ?? current.url,
    secret,
    enabled: input.enabled,
    events: input.events,
    updatedAt: new Date(),
  };
  await inTransaction(deps.db, async (tx) => {
    await updateChannel(tx, row);
    await recordAudit(tx, {
      actor,
      action: 'notification.update',
      resourceType: 'environment',
      resourceId: environmentId,
      before: audited(current),
      after: audited(row),
    });
  });
  return toChannel(row);
}

export async function removeChannel(
  deps: AppDeps,
  actor: string,
  environmentId: string,
  id: string,
): Promise<void> {
  const current = await channelOrThrow(deps, environmentId, id);
  await inTransaction(deps.db, async (tx) => {
    if (!(await deleteChannel(tx, environmentId, id)))
      throw new NotFoundError('No such notification channel');
    await recordAudit(tx, {
      actor,
      action: 'notification.remove',
      resourceType: 'environment',
      resourceId: environmentId,
      before: audited(current),
    });
  });
}

/** Queues a test message for the channel (delivered like any other, so the log shows the outcome). */
export async function sendTest(
  deps: AppDeps,
  actor: string,
  environmentId: string,
  id: string,
): Promise<{ deliveryId: string }> {
  const channel = await channelOrThrow(deps, environmentId, id);
  const now = new Date(deps.notifications.now());
  const deliveryId = await enqueue(
    deps.db,
    channel.id,
    {
      event: 'test',
      summary: `Test message for channel "${channel.name}", sent by ${actor}`,
      details: { channel: channel.name, actor },
      count: 1,
      occurredAt: now,
    },
    now,
  );
  deps.notifications.wake();
  return { deliveryId };
}

export async function deliveriesOf(
  deps: AppDeps,
  environmentId: string,
  channelId: string | undefined,
  limit: number,
): Promise<{ items: NotificationDelivery[] }> {
  if (channelId) await channelOrThrow(deps, environmentId, channelId);
  else await environmentOrThrow(deps, environmentId);
  const rows = await listDeliveries(deps.db, environmentId, channelId ?? null, limit);
  return { items: rows.map(toDelivery) };
}
