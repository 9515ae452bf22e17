/**
 * The one store schema (drizzle pg-core), shared by the embedded PGlite store and PostgreSQL.
 * The DDL lives in versioned SQL migrations (./migrations); keep both in step.
 */
import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type {
  DeliveryStatus,
  NotificationEvents,
  NotificationEventType,
  NotificationKind,
} from '@gated/shared';
import type {
  AdmissionListItem,
  ApiTokenScope,
  AdmissionTrace,
  ExtensionToggles,
  FindingsReport,
  RuleInput,
  SecurityGatingBlock,
  VexDocument,
} from '@gated/shared';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const users = pgTable('users', {
  username: text('username').primaryKey(),
  /** Null for single sign-on users (migration 0080). */
  passwordHash: text('password_hash'),
  role: text('role').notNull(),
  createdAt: ts('created_at').notNull(),
  oidcIssuer: text('oidc_issuer'),
  oidcSubject: text('oidc_subject'),
});

/** Single sign-on attempts in flight (migration 0080); each row is consumed once. */
export const oidcLogins = pgTable('oidc_logins', {
  stateHash: text('state_hash').primaryKey(),
  nonce: text('nonce').notNull(),
  codeVerifier: text('code_verifier').notNull(),
  returnTo: text('return_to').notNull(),
  createdAt: ts('created_at').notNull(),
  expiresAt: ts('expires_at').notNull(),
});

export const sessions = pgTable('sessions', {
  idHash: text('id_hash').primaryKey(),
  username: text('username').notNull(),
  csrfToken: text('csrf_token').notNull(),
  createdAt: ts('created_at').notNull(),
  expiresAt: ts('expires_at').notNull(),
});

export const apiTokens = pgTable('api_tokens', {
  id: uuid('id').primaryKey(),
  username: text('username').notNull(),
  name: text('name').notNull(),
  prefix: text('prefix').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  scopes: jsonb('scopes').$type<ApiTokenScope[]>().notNull(),
  createdAt: ts('created_at').notNull(),
  lastUsedAt: ts('last_used_at'),
  expiresAt: ts('expires_at'),
});

export const environments = pgTable('environments', {
  id: uuid('id').primaryKey(),
  cloud: text('cloud').notNull(),
  accountId: text('account_id').notNull(),
  name: text('name').notNull(),
  extensions: jsonb('extensions').$type<ExtensionToggles>().notNull(),
  ungatedRegistries: jsonb('ungated_registries').$type<string[]>().notNull(),
  gatingInstalledAt: ts('gating_installed_at'),
  defaultRuleCreated: boolean('default_rule_created').notNull().default(false),
  revision: integer('revision').notNull(),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

export const clusters = pgTable('clusters', {
  id: uuid('id').primaryKey(),
  environmentId: uuid('environment_id').notNull(),
  name: text('name').notNull(),
  provider: text('provider').notNull(),
  securityGating: jsonb('security_gating').$type<SecurityGatingBlock>().notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  lastSeenAt: ts('last_seen_at'),
  gateVersion: text('gate_version'),
  policyRevision: text('policy_revision'),
  gateP99Ms: doublePrecision('gate_p99_ms'),
  createdAt: ts('created_at').notNull(),
});

export const rules = pgTable('rules', {
  id: uuid('id').primaryKey(),
  /** ruleNameKey(name) of @gated/shared: what "the same name" means; unique. */
  nameKey: text('name_key').notNull().unique(),
  body: jsonb('body').$type<RuleInput>().notNull(),
  revision: integer('revision').notNull(),
  createdAt: ts('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  updatedAt: ts('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

export const findings = pgTable('findings', {
  digest: text('digest').primaryKey(),
  repository: text('repository'),
  report: jsonb('report').$type<FindingsReport>().notNull(),
  scannedAt: ts('scanned_at').notNull(),
  uploadedAt: ts('uploaded_at').notNull(),
});

/** VEX documents uploaded through the API (migration 0050). */
export const vexDocuments = pgTable('vex_documents', {
  id: uuid('id').primaryKey(),
  environmentId: uuid('environment_id'),
  name: text('name').notNull(),
  document: jsonb('document').$type<VexDocument>().notNull(),
  uploadedAt: ts('uploaded_at').notNull(),
  uploadedBy: text('uploaded_by').notNull(),
});

/** Trusted signers per environment (migration 0051). */
export const trustedSigners = pgTable('trusted_signers', {
  id: uuid('id').primaryKey(),
  environmentId: uuid('environment_id').notNull(),
  name: text('name').notNull(),
  publicKey: text('public_key').notNull(),
  algorithm: text('algorithm').notNull(),
  fingerprint: text('fingerprint').notNull(),
  createdAt: ts('created_at').notNull(),
  createdBy: text('created_by').notNull(),
});

/** CISA KEV and FIRST EPSS, one row per kind (migration 0060, docs/decisions/080). */
export const catalogues = pgTable('catalogues', {
  kind: text('kind').primaryKey(),
  version: text('version').notNull(),
  publishedAt: ts('published_at').notNull(),
  entries: integer('entries').notNull(),
  sha256: text('sha256').notNull(),
  data: text('data').notNull(),
  importedAt: ts('imported_at').notNull(),
  importedBy: text('imported_by').notNull(),
});

export const findingTags = pgTable('finding_tags', {
  tag: text('tag').primaryKey(),
  digest: text('digest').notNull(),
  scannedAt: ts('scanned_at').notNull(),
});

export const admissionEvents = pgTable('admission_events', {
  id: uuid('id').primaryKey(),
  time: ts('time').notNull(),
  lastSeenAt: ts('last_seen_at').notNull(),
  clusterId: text('cluster_id').notNull(),
  clusterName: text('cluster_name').notNull(),
  environmentId: text('environment_id').notNull(),
  namespace: text('namespace').notNull(),
  kind: text('kind').notNull(),
  name: text('name').notNull(),
  decision: text('decision').notNull(),
  dryRun: boolean('dry_run').notNull(),
  /** 64-bit (migration 0002); read back as a JS number, exact up to 2^53 − 1. */
  count: bigint('count', { mode: 'number' }).notNull(),
  foldKey: text('fold_key').notNull(),
  /** Lower-cased rule ids and names (deciding + triggered), space-separated, for the rule filter. */
  ruleText: text('rule_text').notNull(),
  /** Lower-cased image references and digests. */
  imageText: text('image_text').notNull(),
  /** Upper-cased finding ids the trace quotes. */
  cveText: text('cve_text').notNull(),
  /** Lower-cased free-text haystack: namespace, name, images, rule names, reason. */
  searchText: text('search_text').notNull(),
  item: jsonb('item').$type<AdmissionListItem>().notNull(),
  trace: jsonb('trace').$type<AdmissionTrace>().notNull(),
});

export const admissionEventIds = pgTable('admission_event_ids', {
  id: uuid('id').primaryKey(),
});

/** A folded-away event id → the row it joined (migration 0090). */
export const admissionEventAliases = pgTable('admission_event_aliases', {
  aliasId: uuid('alias_id').primaryKey(),
  eventId: uuid('event_id').notNull(),
});

export const auditLog = pgTable('audit_log', {
  seq: bigserial('seq', { mode: 'number' }).primaryKey(),
  id: uuid('id').notNull().unique(),
  at: ts('at').notNull(),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  resourceType: text('resource_type').notNull(),
  resourceId: text('resource_id').notNull(),
  before: jsonb('before'),
  after: jsonb('after'),
});

/** A single-row counter bumped by every change a gate policy depends on; replicas poll it. */
export const policyState = pgTable('policy_state', {
  id: integer('id').primaryKey(),
  revision: bigint('revision', { mode: 'number' }).notNull(),
});

export const notificationChannels = pgTable('notification_channels', {
  id: uuid('id').primaryKey(),
  environmentId: uuid('environment_id').notNull(),
  name: text('name').notNull(),
  kind: text('kind').$type<NotificationKind>().notNull(),
  url: text('url').notNull(),
  secret: text('secret'),
  enabled: boolean('enabled').notNull(),
  events: jsonb('events').$type<NotificationEvents>().notNull(),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
  createdBy: text('created_by').notNull(),
});

export const notificationOutbox = pgTable('notification_outbox', {
  id: uuid('id').primaryKey(),
  channelId: uuid('channel_id').notNull(),
  event: text('event').$type<NotificationEventType>().notNull(),
  summary: text('summary').notNull(),
  details: jsonb('details').$type<Record<string, unknown>>().notNull(),
  count: bigint('count', { mode: 'number' }).notNull(),
  status: text('status').$type<DeliveryStatus>().notNull(),
  attempts: integer('attempts').notNull(),
  lastError: text('last_error'),
  lastStatus: integer('last_status'),
  occurredAt: ts('occurred_at').notNull(),
  createdAt: ts('created_at').notNull(),
  nextAttemptAt: ts('next_attempt_at').notNull(),
  claimedUntil: ts('claimed_until'),
  deliveredAt: ts('delivered_at'),
});

export const notificationFolds = pgTable('notification_folds', {
  channelId: uuid('channel_id').notNull(),
  foldKey: text('fold_key').notNull(),
  windowEndsAt: ts('window_ends_at').notNull(),
  outboxId: uuid('outbox_id'),
  suppressed: bigint('suppressed', { mode: 'number' }).notNull(),
  details: jsonb('details').$type<Record<string, unknown>>(),
});
