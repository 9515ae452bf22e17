import { z } from 'zod';

/** One changed field of an audit entry (see audit-diff.ts). */
export const FieldChangeSchema = z.object({
  path: z.string(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});

/** One change made through the API: who, when, what, before and after. */
export const AuditEntrySchema = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  actor: z.string(),
  action: z.string(),
  resourceType: z.string(),
  resourceId: z.string(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  /** The changed fields between `before` and `after`, bookkeeping left out. */
  changes: z.array(FieldChangeSchema).optional(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** `GET /audit-log`: every filter optional, combined with AND; newest first. */
export const AuditLogQuerySchema = z.strictObject({
  resourceType: z.string().max(50).optional(),
  resourceId: z.string().max(100).optional(),
  /** Exact user name (`admin`, an OIDC subject…). */
  actor: z.string().max(200).optional(),
  /** Exact action (`rule.update`), or a prefix ending in `.` (`rule.` for every rule change). */
  action: z.string().max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AuditLogQuery = z.infer<typeof AuditLogQuerySchema>;

export const AuditLogPageSchema = z.object({
  items: z.array(AuditEntrySchema),
  nextCursor: z.string().nullable(),
});
export type AuditLogPage = z.infer<typeof AuditLogPageSchema>;
