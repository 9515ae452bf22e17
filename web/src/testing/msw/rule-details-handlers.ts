// Fake API for rule details and the audit log: activity is counted from `db.admissions` the way
// the BFF counts it (deciding or triggered, folded repeats by count, window ending at `until`),
// history and the audit log read `db.audit` with the BFF's filters.
import {
  ACTIVITY_WINDOW_MS,
  type AuditEntry,
  AuditLogPageSchema,
  AuditLogQuerySchema,
  diffValues,
  RuleActivityQuerySchema,
  RuleActivitySchema,
  RuleHistorySchema,
} from '@gated/shared';
import { http } from 'msw';
import { db } from './mock-db';
import { problem, requireSession, respond } from './respond';

const api = (path: string) => `/api/v1${path}`;

const known = (id: string) =>
  db.rules.some((r) => r.id === id) || db.audit.some((e) => e.resourceId === id);

const withChanges = (e: AuditEntry): AuditEntry => ({
  ...e,
  changes: e.changes ?? diffValues(e.before, e.after),
});

function queryOf(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}

export const ruleDetailsHandlers = [
  http.get(api('/rules/:id/activity'), ({ params, request }) => {
    const s = requireSession();
    if ('error' in s) return s.error;
    const id = String(params.id);
    if (!known(id)) return problem(404, `No rule ${id}`);
    const q = RuleActivityQuerySchema.safeParse(queryOf(request));
    if (!q.success) return problem(400, 'Invalid query');
    const to = q.data.until ? Date.parse(q.data.until) : Date.now();
    const from = to - ACTIVITY_WINDOW_MS[q.data.window];
    const zero = () => ({ Deny: 0, Audit: 0, Allow: 0 });
    const result = {
      ruleId: id,
      window: q.data.window,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      admissions: zero(),
      decided: zero(),
      events: 0,
    };
    for (const e of db.admissions) {
      const last = Date.parse(e.lastSeenAt ?? e.time);
      if (e.dryRun || last < from || Date.parse(e.time) >= to) continue;
      const decided = e.decidingRule?.id === id;
      if (!decided && !e.triggeredRules.some((r) => r.id === id)) continue;
      if (e.decision === 'NotGated') continue;
      result.admissions[e.decision] += e.count;
      if (decided) result.decided[e.decision] += e.count;
      result.events += 1;
    }
    return respond(RuleActivitySchema, result);
  }),
  http.get(api('/rules/:id/history'), ({ params }) => {
    const s = requireSession();
    if ('error' in s) return s.error;
    const id = String(params.id);
    if (!known(id)) return problem(404, `No rule ${id}`);
    const items = db.audit
      .filter((e) => e.resourceType === 'rule' && e.resourceId === id)
      .map(withChanges)
      .map((e) => ({ id: e.id, at: e.at, actor: e.actor, action: e.action, changes: e.changes }));
    return respond(RuleHistorySchema, { items, nextCursor: null });
  }),
  http.get(api('/audit-log'), ({ request }) => {
    const s = requireSession();
    if ('error' in s) return s.error;
    const parsed = AuditLogQuerySchema.safeParse(queryOf(request));
    if (!parsed.success) return problem(400, 'Invalid query');
    const q = parsed.data;
    const items = db.audit
      .filter(
        (e) =>
          (!q.actor || e.actor === q.actor) &&
          (!q.action ||
            (q.action.endsWith('.') ? e.action.startsWith(q.action) : e.action === q.action)) &&
          (!q.resourceId || e.resourceId === q.resourceId) &&
          (!q.resourceType || e.resourceType === q.resourceType) &&
          (!q.from || Date.parse(e.at) >= Date.parse(q.from)) &&
          (!q.to || Date.parse(e.at) < Date.parse(q.to)),
      )
      .map(withChanges);
    const start = q.cursor ? Number(q.cursor) : 0;
    const page = items.slice(start, start + q.limit);
    const more = start + q.limit < items.length;
    return respond(AuditLogPageSchema, {
      items: page,
      nextCursor: more ? String(start + q.limit) : null,
    });
  }),
];
