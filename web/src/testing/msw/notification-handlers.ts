// Fake notification channels (/environments/:id/notifications) and their delivery log: bodies
// validated with the shared schemas, secrets kept but never answered, readers refused on writes
// and on the log. "Send test" delivers at once in the fake.
import {
  NotificationChannelInputSchema,
  NotificationChannelListSchema,
  NotificationChannelSchema,
  NotificationChannelUpdateSchema,
  type NotificationDelivery,
  NotificationDeliveryListSchema,
  NotificationTestResultSchema,
} from '@gated/shared';
import { http, HttpResponse } from 'msw';
import { db, type MockNotifications } from './mock-db';
import { parseBody, problem, requireSession, requireWriter, respond } from './respond';

type MockChannel = MockNotifications['channels'][number];

const api = (path: string) => `/api/v1${path}`;
const now = () => new Date().toISOString();
let sequence = 0;

function preview(kind: string, url: string): string {
  const u = new URL(url);
  return kind === 'generic' ? `${u.origin}${u.pathname}` : `${u.origin}/…`;
}

function environmentExists(id: unknown): boolean {
  return db.environments.some((e) => e.id === id);
}

function channelOf(params: Record<string, unknown>): MockChannel | undefined {
  return db.notifications.channels.find(
    (c) => c.id === params.channelId && c.environmentId === params.id,
  );
}

export const notificationHandlers = [
  http.get(api('/environments/:id/notifications'), ({ params }) => {
    const s = requireSession();
    if ('error' in s) return s.error;
    if (!environmentExists(params.id)) return problem(404, 'No such environment');
    return respond(NotificationChannelListSchema, {
      items: db.notifications.channels.filter((c) => c.environmentId === params.id),
    });
  }),
  http.post(api('/environments/:id/notifications'), async ({ request, params }) => {
    const w = requireWriter(request);
    if ('error' in w) return w.error;
    const body = await parseBody(request, NotificationChannelInputSchema);
    if ('error' in body) return body.error;
    if (!environmentExists(params.id)) return problem(404, 'No such environment');
    const input = body.data;
    if (input.kind === 'generic' && !input.secret)
      return problem(400, 'A generic webhook needs a signing secret', [
        { path: 'secret', message: 'Enter a secret of at least 16 characters' },
      ]);
    const channel: MockChannel = {
      id: `channel-${++sequence}`,
      environmentId: String(params.id),
      name: input.name,
      kind: input.kind,
      url: input.url,
      secret: input.kind === 'generic' ? (input.secret ?? null) : null,
      urlPreview: preview(input.kind, input.url),
      hasSecret: input.kind === 'generic',
      enabled: input.enabled,
      events: input.events,
      createdAt: now(),
      updatedAt: now(),
    };
    db.notifications.channels.push(channel);
    return respond(NotificationChannelSchema, channel, { status: 201 });
  }),
  http.put(api('/environments/:id/notifications/:channelId'), async ({ request, params }) => {
    const w = requireWriter(request);
    if ('error' in w) return w.error;
    const body = await parseBody(request, NotificationChannelUpdateSchema);
    if ('error' in body) return body.error;
    const channel = channelOf(params);
    if (!channel) return problem(404, 'No such notification channel');
    const input = body.data;
    const url = input.url ?? channel.url;
    Object.assign(channel, {
      name: input.name,
      kind: input.kind,
      url,
      urlPreview: preview(input.kind, url),
      secret: input.kind === 'generic' ? (input.secret ?? channel.secret) : null,
      enabled: input.enabled,
      events: input.events,
      updatedAt: now(),
    });
    channel.hasSecret = channel.secret !== null;
    return respond(NotificationChannelSchema, channel);
  }),
  http.delete(api('/environments/:id/notifications/:channelId'), ({ request, params }) => {
    const w = requireWriter(request);
    if ('error' in w) return w.error;
    const channel = channelOf(params);
    if (!channel) return problem(404, 'No such notification channel');
    db.notifications.channels = db.notifications.channels.filter((c) => c !== channel);
    return new HttpResponse(null, { status: 204 });
  }),
  http.post(api('/environments/:id/notifications/:channelId/test'), ({ request, params }) => {
    const w = requireWriter(request);
    if ('error' in w) return w.error;
    const channel = channelOf(params);
    if (!channel) return problem(404, 'No such notification channel');
    const delivery: NotificationDelivery = {
      id: `delivery-${++sequence}`,
      channelId: channel.id,
      event: 'test',
      summary: `Test message for channel "${channel.name}", sent by ${w.session.username}`,
      count: 1,
      status: 'delivered',
      attempts: 1,
      lastError: null,
      lastStatus: 200,
      createdAt: now(),
      nextAttemptAt: null,
      deliveredAt: now(),
    };
    db.notifications.deliveries.unshift(delivery);
    return respond(NotificationTestResultSchema, { deliveryId: delivery.id }, { status: 202 });
  }),
  http.get(api('/environments/:id/notification-deliveries'), ({ params }) => {
    const s = requireSession();
    if ('error' in s) return s.error;
    if (s.session.role !== 'SecurityAdmin')
      return problem(403, 'Only security admins can read the delivery log');
    if (!environmentExists(params.id)) return problem(404, 'No such environment');
    const ids = new Set(
      db.notifications.channels.filter((c) => c.environmentId === params.id).map((c) => c.id),
    );
    return respond(NotificationDeliveryListSchema, {
      items: db.notifications.deliveries.filter((d) => ids.has(d.channelId)),
    });
  }),
];
