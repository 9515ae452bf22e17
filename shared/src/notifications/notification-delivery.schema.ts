import { z } from 'zod';
import { NotificationEventTypeSchema } from './notification-channel.schema.js';

/** `pending` (due or waiting for a retry), `sending` (claimed by a BFF), `delivered`, `failed` (gave up). */
export const DeliveryStatusSchema = z.enum(['pending', 'sending', 'delivered', 'failed']);
export type DeliveryStatus = z.infer<typeof DeliveryStatusSchema>;

/** One outbound message and how its delivery went (the delivery log admins see). */
export const NotificationDeliverySchema = z.object({
  id: z.string().max(100),
  channelId: z.string().max(100),
  event: NotificationEventTypeSchema,
  /** One line saying what the message is about. */
  summary: z.string(),
  /** Occurrences folded into this message (denials of one workload). */
  count: z.number().int().min(1),
  status: DeliveryStatusSchema,
  attempts: z.number().int().min(0),
  lastError: z.string().nullable(),
  /** HTTP status of the last attempt; null before any or when no answer came. */
  lastStatus: z.number().int().nullable(),
  createdAt: z.iso.datetime(),
  nextAttemptAt: z.iso.datetime().nullable(),
  deliveredAt: z.iso.datetime().nullable(),
});
export type NotificationDelivery = z.infer<typeof NotificationDeliverySchema>;

export const NotificationDeliveryListSchema = z.object({
  items: z.array(NotificationDeliverySchema),
});

/** Answer of "send test": the delivery to watch in the log. */
export const NotificationTestResultSchema = z.object({ deliveryId: z.string().max(100) });
export type NotificationTestResult = z.infer<typeof NotificationTestResultSchema>;

/** Header names of a signed generic delivery (docs/decisions/100-notifications.md). */
export const NOTIFY_SIGNATURE_HEADER = 'x-gated-signature';
export const NOTIFY_TIMESTAMP_HEADER = 'x-gated-timestamp';
export const NOTIFY_EVENT_HEADER = 'x-gated-event';
export const NOTIFY_DELIVERY_HEADER = 'x-gated-delivery';

/** Body of a generic delivery, the JSON a receiver verifies and parses. */
export const NotificationPayloadSchema = z.object({
  /** The delivery id (also `X-Gated-Delivery`): the same on every retry, so receivers can drop repeats. */
  id: z.uuid(),
  event: NotificationEventTypeSchema,
  environment: z.object({ id: z.string(), name: z.string() }),
  summary: z.string(),
  count: z.number().int().min(1),
  /** When the first folded occurrence happened. */
  occurredAt: z.iso.datetime(),
  /** Event-specific facts (workload, rule, image, exemption, cluster) and a portal link when known. */
  details: z.record(z.string(), z.unknown()),
  link: z.string().nullable(),
});
export type NotificationPayload = z.infer<typeof NotificationPayloadSchema>;
