import { z } from 'zod';
import { DecisionSchema } from './admission-trace.schema.js';
import { AdmissionEventSchema } from './admission-event.schema.js';

const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item));

/** `GET /admissions` query: every filter optional, combined with AND. Query strings, so values coerce. */
export const AdmissionQuerySchema = z.strictObject({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  decision: csv(DecisionSchema).optional(),
  cluster: z.string().max(253).optional(),
  /** Prefix: `team-` matches `team-a` and `team-b` (a trailing `*` is allowed and ignored). */
  namespace: z.string().max(253).optional(),
  rule: z.string().max(100).optional(),
  image: z.string().max(1024).optional(),
  cve: z.string().max(100).optional(),
  /** Free text over namespace, name, images, rule names, reason. */
  q: z.string().max(200).optional(),
  includeDryRun: z.enum(['true', 'false']).optional(),
  /** `lastSeen`: a row folding repeats moves up as they arrive (the default); `time`: first seen. */
  sort: z.enum(['lastSeen:desc', 'lastSeen:asc', 'time:desc', 'time:asc']).default('lastSeen:desc'),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
});
export type AdmissionQuery = z.infer<typeof AdmissionQuerySchema>;

/** Admission list item: the event without its (large) trace. */
export const AdmissionListItemSchema = AdmissionEventSchema.omit({ trace: true, foldedIds: true });
export type AdmissionListItem = z.infer<typeof AdmissionListItemSchema>;

export const AdmissionPageSchema = z.object({
  items: z.array(AdmissionListItemSchema),
  /** Opaque; pass back as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type AdmissionPage = z.infer<typeof AdmissionPageSchema>;

export const StatsBucketSchema = z.enum(['1m', '5m', '1h', '1d']);
export const AdmissionStatsQuerySchema = AdmissionQuerySchema.omit({
  sort: true,
  cursor: true,
  limit: true,
}).extend({
  bucket: StatsBucketSchema.default('1h'),
});
export type AdmissionStatsQuery = z.infer<typeof AdmissionStatsQuerySchema>;

export const AdmissionStatsSchema = z.object({
  bucket: StatsBucketSchema,
  /** What the grid lists (`events`: rows, folded repeats once) and what the chart sums (`admissions`). */
  totals: z.object({ events: z.number().int(), admissions: z.number().int() }),
  /** First and last time of the matching events (null when none): the chart's default window. */
  span: z.object({ first: z.iso.datetime(), last: z.iso.datetime() }).nullable(),
  buckets: z.array(
    z.object({
      start: z.iso.datetime(),
      Allow: z.number().int(),
      Audit: z.number().int(),
      Deny: z.number().int(),
      NotGated: z.number().int(),
    }),
  ),
});
export type AdmissionStats = z.infer<typeof AdmissionStatsSchema>;

/** `GET /admissions/store` (admins): how much the event store holds and how long it keeps it. */
export const AdmissionStoreSchema = z.object({
  events: z.number().int(),
  /** Oldest last-seen time kept; null when empty. */
  oldest: z.iso.datetime().nullable(),
  /** Size of the database on disk (PostgreSQL's pg_database_size); null when unknown. */
  bytes: z.number().int().nullable(),
  retentionDays: z.number(),
});
export type AdmissionStore = z.infer<typeof AdmissionStoreSchema>;
