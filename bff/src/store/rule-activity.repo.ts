/**
 * What one rule did: admissions it decided or triggered in a time window, by decision. Reads the
 * events' rule references (deciding and triggered), which the gate records with the rule's id.
 */
import type { RuleActivity } from '@gated/shared';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from './db.js';

type Counted = 'Deny' | 'Audit' | 'Allow';
const COUNTED = new Set<string>(['Deny', 'Audit', 'Allow']);

/**
 * Same window rule as monitoring's filters (an event counts when its first and last seen overlap
 * the window), so the details page and monitoring filtered by the rule agree on the rows. The
 * substring test on `rule_text` uses its trigram index (migration 0091); the JSON test makes the
 * match exact.
 */
export async function ruleActivity(
  db: Db,
  ruleId: string,
  window: RuleActivity['window'],
  from: Date,
  to: Date,
): Promise<RuleActivity> {
  const id = ruleId.toLowerCase();
  const pattern = `%${id.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  const rows = await queryRows<{
    decision: string;
    events: string | number;
    admissions: string | number | null;
    decided: string | number | null;
  }>(
    db,
    sql`SELECT decision, count(*) AS events, sum(count) AS admissions,
          sum(CASE WHEN item->'decidingRule'->>'id' = ${ruleId} THEN count ELSE 0 END) AS decided
        FROM admission_events
        WHERE rule_text LIKE ${pattern}
          AND (item->'decidingRule'->>'id' = ${ruleId}
            OR item->'triggeredRules' @> jsonb_build_array(jsonb_build_object('id', ${ruleId}::text)))
          AND last_seen_at >= ${from.toISOString()}::timestamptz AND time < ${to.toISOString()}::timestamptz
          AND NOT dry_run
        GROUP BY decision`,
  );
  const result: RuleActivity = {
    ruleId,
    window,
    from: from.toISOString(),
    to: to.toISOString(),
    admissions: { Deny: 0, Audit: 0, Allow: 0 },
    decided: { Deny: 0, Audit: 0, Allow: 0 },
    events: 0,
  };
  for (const r of rows) {
    if (!COUNTED.has(r.decision)) continue;
    const d = r.decision as Counted;
    result.admissions[d] = Number(r.admissions ?? 0);
    result.decided[d] = Number(r.decided ?? 0);
    result.events += Number(r.events);
  }
  return result;
}
