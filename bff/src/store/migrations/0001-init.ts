/** Version 1: every table of ../schema.ts and the indexes the admissions list and stats need (see bench/). */
export const sql = `
CREATE TABLE users (
  username text PRIMARY KEY,
  password_hash text NOT NULL,
  role text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE TABLE sessions (
  id_hash text PRIMARY KEY,
  username text NOT NULL REFERENCES users(username) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE TABLE api_tokens (
  id uuid PRIMARY KEY,
  username text NOT NULL REFERENCES users(username) ON DELETE CASCADE,
  name text NOT NULL,
  prefix text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  last_used_at timestamptz,
  expires_at timestamptz
);
CREATE TABLE environments (
  id uuid PRIMARY KEY,
  cloud text NOT NULL,
  account_id text NOT NULL,
  name text NOT NULL,
  extensions jsonb NOT NULL,
  ungated_registries jsonb NOT NULL,
  gating_installed_at timestamptz,
  default_rule_created boolean NOT NULL DEFAULT false,
  revision integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE TABLE clusters (
  id uuid PRIMARY KEY,
  environment_id uuid NOT NULL REFERENCES environments(id),
  name text NOT NULL,
  provider text NOT NULL,
  security_gating jsonb NOT NULL,
  token_hash text NOT NULL UNIQUE,
  last_seen_at timestamptz,
  gate_version text,
  policy_revision text,
  gate_p99_ms double precision,
  created_at timestamptz NOT NULL
);
CREATE TABLE rules (
  id uuid PRIMARY KEY,
  name_lower text NOT NULL UNIQUE,
  body jsonb NOT NULL,
  revision integer NOT NULL,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by text NOT NULL
);
CREATE TABLE findings (
  digest text PRIMARY KEY,
  repository text,
  report jsonb NOT NULL,
  scanned_at timestamptz NOT NULL,
  uploaded_at timestamptz NOT NULL
);
CREATE TABLE finding_tags (
  tag text PRIMARY KEY,
  digest text NOT NULL,
  scanned_at timestamptz NOT NULL
);
CREATE TABLE admission_events (
  id uuid PRIMARY KEY,
  time timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  cluster_id text NOT NULL,
  cluster_name text NOT NULL,
  environment_id text NOT NULL,
  namespace text NOT NULL,
  kind text NOT NULL,
  name text NOT NULL,
  decision text NOT NULL,
  dry_run boolean NOT NULL,
  count integer NOT NULL,
  fold_key text NOT NULL,
  rule_text text NOT NULL,
  image_text text NOT NULL,
  cve_text text NOT NULL,
  search_text text NOT NULL,
  item jsonb NOT NULL,
  trace jsonb NOT NULL
);
-- Keyset pagination on (time, id), newest first, and the usual namespace / decision filters.
CREATE INDEX admission_events_time_id ON admission_events (time DESC, id DESC);
CREATE INDEX admission_events_ns_time_id ON admission_events (namespace, time DESC, id DESC);
CREATE INDEX admission_events_decision_time_id ON admission_events (decision, time DESC, id DESC);
-- Folding looks up the newest event of a workload+images+decision key.
CREATE INDEX admission_events_fold ON admission_events (fold_key, last_seen_at DESC);
CREATE TABLE admission_event_ids (
  id uuid PRIMARY KEY
);
CREATE TABLE audit_log (
  seq bigserial PRIMARY KEY,
  id uuid NOT NULL UNIQUE,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  resource_type text NOT NULL,
  resource_id text NOT NULL,
  before jsonb,
  after jsonb
);
CREATE TABLE policy_state (
  id integer PRIMARY KEY,
  revision bigint NOT NULL
);
INSERT INTO policy_state (id, revision) VALUES (1, 1);
`;
