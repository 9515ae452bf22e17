/**
 * Version 70: outbound notifications (docs/decisions/100-notifications.md): channels per environment,
 * a durable outbox the BFF replicas claim with FOR UPDATE SKIP LOCKED, and fold state per channel and
 * key (a workload's denials, a one-shot reminder) so repeats become one message with a count.
 */
export const sql = `
CREATE TABLE notification_channels (
  id uuid PRIMARY KEY,
  environment_id uuid NOT NULL REFERENCES environments(id) ON DELETE CASCADE,
  name text NOT NULL,
  kind text NOT NULL,
  url text NOT NULL,
  secret text,
  enabled boolean NOT NULL,
  events jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  created_by text NOT NULL
);
CREATE INDEX notification_channels_environment ON notification_channels (environment_id);

CREATE TABLE notification_outbox (
  id uuid PRIMARY KEY,
  channel_id uuid NOT NULL REFERENCES notification_channels(id) ON DELETE CASCADE,
  event text NOT NULL,
  summary text NOT NULL,
  details jsonb NOT NULL,
  count bigint NOT NULL,
  status text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  last_status integer,
  occurred_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  next_attempt_at timestamptz NOT NULL,
  claimed_until timestamptz,
  delivered_at timestamptz
);
CREATE INDEX notification_outbox_due ON notification_outbox (status, next_attempt_at);
CREATE INDEX notification_outbox_channel ON notification_outbox (channel_id, created_at DESC);

CREATE TABLE notification_folds (
  channel_id uuid NOT NULL REFERENCES notification_channels(id) ON DELETE CASCADE,
  fold_key text NOT NULL,
  window_ends_at timestamptz NOT NULL,
  outbox_id uuid,
  suppressed bigint NOT NULL DEFAULT 0,
  details jsonb,
  PRIMARY KEY (channel_id, fold_key)
);
`;
