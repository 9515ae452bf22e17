import { z } from 'zod';

/** Payload shapes a channel speaks: signed generic JSON, Slack incoming webhooks, Teams (Adaptive Card). */
export const NotificationKindSchema = z.enum(['generic', 'slack', 'teams']);
export type NotificationKind = z.infer<typeof NotificationKindSchema>;

/** What a channel is told about. */
export const NotificationEventsSchema = z.object({
  /** Denied admissions, folded per workload (one message with the count per rate-limit window). */
  deny: z.boolean().default(true),
  /** A rule created, changed, enabled, disabled or deleted in this environment's scope. */
  ruleChanged: z.boolean().default(false),
  /** Tell once when an exemption expires within this many days; null: never. */
  exemptionExpiringDays: z.number().int().min(1).max(90).nullable().default(null),
  /** Tell once when a gate of this environment has not been seen for this many minutes; null: never. */
  gateSilentMinutes: z.number().int().min(5).max(10_080).nullable().default(null),
});
export type NotificationEvents = z.infer<typeof NotificationEventsSchema>;

/** The names of the events a delivery can carry (`test` from the "send test" button). */
export const NotificationEventTypeSchema = z.enum([
  'deny',
  'rule.changed',
  'exemption.expiring',
  'gate.silent',
  'test',
]);
export type NotificationEventType = z.infer<typeof NotificationEventTypeSchema>;

const name = z.string().trim().min(1, 'Give the channel a name').max(100, 'At most 100 characters');
const url = z
  .url({ protocol: /^https?$/, error: 'Enter an http(s) URL' })
  .max(2048, 'At most 2048 characters');
/** HMAC key of a generic channel: write-only, never returned by the API. */
const secret = z.string().min(16, 'At least 16 characters').max(256, 'At most 256 characters');

/** `POST /environments/{id}/notifications` body. */
export const NotificationChannelInputSchema = z.strictObject({
  name,
  kind: NotificationKindSchema,
  url,
  /** Required for `generic` (signs every delivery); ignored by Slack and Teams, whose URL is the secret. */
  secret: secret.optional(),
  enabled: z.boolean().default(true),
  events: NotificationEventsSchema.default({
    deny: true,
    ruleChanged: false,
    exemptionExpiringDays: null,
    gateSilentMinutes: null,
  }),
});
export type NotificationChannelInput = z.infer<typeof NotificationChannelInputSchema>;

/**
 * `PUT /environments/{id}/notifications/{channelId}` body: `url` and `secret` may be left out to keep
 * the stored ones (the portal never has them to send back).
 */
export const NotificationChannelUpdateSchema = z.strictObject({
  name,
  kind: NotificationKindSchema,
  url: url.optional(),
  secret: secret.optional(),
  enabled: z.boolean(),
  events: NotificationEventsSchema,
});
export type NotificationChannelUpdate = z.infer<typeof NotificationChannelUpdateSchema>;

/** A channel as the API shows it: no secret, and the URL only as far as it is not a credential. */
export const NotificationChannelSchema = z.object({
  id: z.string().max(100),
  environmentId: z.string().max(100),
  name: z.string(),
  kind: NotificationKindSchema,
  /** Scheme, host and (generic only) path; Slack and Teams URLs carry their token in the path, so it is cut. */
  urlPreview: z.string(),
  hasSecret: z.boolean(),
  enabled: z.boolean(),
  events: NotificationEventsSchema,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type NotificationChannel = z.infer<typeof NotificationChannelSchema>;

export const NotificationChannelListSchema = z.object({
  items: z.array(NotificationChannelSchema),
});
