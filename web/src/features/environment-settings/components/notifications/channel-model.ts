// What the notifications section derives from the shared model (pure: no React), so the table,
// the form and the tests agree.
import type {
  DeliveryStatus,
  NotificationChannel,
  NotificationEvents,
  NotificationKind,
} from '@gated/shared';

export const KIND_LABELS: Record<NotificationKind, string> = {
  generic: 'Generic JSON (signed)',
  slack: 'Slack',
  teams: 'Microsoft Teams',
};

export const STATUS_COLORS: Record<
  DeliveryStatus,
  'success' | 'warning' | 'danger' | 'informative'
> = {
  delivered: 'success',
  pending: 'warning',
  sending: 'informative',
  failed: 'danger',
};

/** "Deny, rule changes, exemptions within 7 days, gates silent 30 min", or "Nothing". */
export function eventsSummary(events: NotificationEvents): string {
  const parts = [
    events.deny && 'Deny',
    events.ruleChanged && 'rule changes',
    events.exemptionExpiringDays !== null &&
      `exemptions within ${events.exemptionExpiringDays} days`,
    events.gateSilentMinutes !== null && `gates silent ${events.gateSilentMinutes} min`,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'Nothing';
}

export const NEW_CHANNEL_EVENTS: NotificationEvents = {
  deny: true,
  ruleChanged: false,
  exemptionExpiringDays: null,
  gateSilentMinutes: null,
};

export function channelName(channels: NotificationChannel[], id: string): string {
  return channels.find((c) => c.id === id)?.name ?? id;
}
