/** Findings reports per image digest (newest scan wins) and the tag → digest maps reports carry. */
import type { FindingsReport } from '@gated/shared';
import { inArray, sql } from 'drizzle-orm';
import type { Db } from './db.js';
import { findingTags, findings } from './schema.js';

/** Stores a report unless a newer one for the same digest is already there; same for each tag. */
export async function upsertReport(db: Db, report: FindingsReport, now: Date): Promise<void> {
  const scannedAt = new Date(report.scannedAt);
  await db
    .insert(findings)
    .values({
      digest: report.digest,
      repository: report.repository ?? null,
      report,
      scannedAt,
      uploadedAt: now,
    })
    .onConflictDoUpdate({
      target: findings.digest,
      set: {
        repository: sql`excluded.repository`,
        report: sql`excluded.report`,
        scannedAt: sql`excluded.scanned_at`,
        uploadedAt: sql`excluded.uploaded_at`,
      },
      setWhere: sql`excluded.scanned_at >= ${findings.scannedAt}`,
    });
  if (report.tags.length === 0) return;
  await db
    .insert(findingTags)
    .values(report.tags.map((tag) => ({ tag, digest: report.digest, scannedAt })))
    .onConflictDoUpdate({
      target: findingTags.tag,
      set: { digest: sql`excluded.digest`, scannedAt: sql`excluded.scanned_at` },
      setWhere: sql`excluded.scanned_at >= ${findingTags.scannedAt}`,
    });
}

export async function reportsByDigest(
  db: Db,
  digests: readonly string[],
): Promise<Map<string, FindingsReport>> {
  if (digests.length === 0) return new Map();
  const rows = await db
    .select({ digest: findings.digest, report: findings.report })
    .from(findings)
    .where(inArray(findings.digest, [...digests]));
  return new Map(rows.map((r) => [r.digest, r.report]));
}

export async function digestsByTag(db: Db, tags: readonly string[]): Promise<Map<string, string>> {
  if (tags.length === 0) return new Map();
  const rows = await db
    .select()
    .from(findingTags)
    .where(inArray(findingTags.tag, [...tags]));
  return new Map(rows.map((r) => [r.tag, r.digest]));
}
