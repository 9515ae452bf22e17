// The fake of the rules-at-scale API: the import preview (same reader and name keys as the
// server), bulk actions (all or none, 404 naming missing ids) and expiring exemptions by the
// test's faked clock. Listed before ruleHandlers: `/rules/import/preview` would otherwise match
// `/rules/:id/:toggle`.
import {
  exemptionExpiresAt,
  ExpiringExemptionsSchema,
  type ExpiringExemptions,
  readRuleExportEntries,
  ruleExportProblem,
  RuleBulkRequestSchema,
  RuleBulkResultSchema,
  type RuleImportPreview,
  RuleImportPreviewSchema,
  ruleNameKey,
} from '@gated/shared';
import { http } from 'msw';
import { db } from './mock-db';
import { parseBody, problem, requireSession, requireWriter, respond } from './respond';

const api = (path: string) => `/api/v1${path}`;
const DAY_MS = 86_400_000;
const text = (v: unknown) => JSON.stringify(v);

function preview(document: string): RuleImportPreview {
  const read = readRuleExportEntries(document);
  const summary = { create: 0, change: 0, unchanged: 0, refuse: 0 };
  if (!read.ok) {
    const p = ruleExportProblem(read);
    return { valid: false, detail: p.detail, summary, documentErrors: p.errors, rules: [] };
  }
  const rules = read.entries.map((e): RuleImportPreview['rules'][number] => {
    const base = { index: e.index, ...(e.name ? { name: e.name } : {}) };
    if (!e.input) {
      summary.refuse++;
      const errors = e.errors.map((x) => ({ ...x, path: `rules.${e.index}.${x.path}` }));
      return { ...base, outcome: 'refuse', changes: [], errors };
    }
    const input = e.input;
    const current = db.rules.find((r) => ruleNameKey(r.name) === ruleNameKey(input.name));
    if (!current) {
      summary.create++;
      return { ...base, outcome: 'create', changes: [], errors: [] };
    }
    const changes = (Object.keys(input) as (keyof typeof input)[])
      .filter((k) => text(input[k]) !== text(current[k]))
      .map((k) => ({ path: k, before: text(current[k]), after: text(input[k]) }));
    summary[changes.length ? 'change' : 'unchanged']++;
    const outcome = changes.length ? 'change' : 'unchanged';
    return { ...base, outcome, ruleId: current.id, changes, errors: [] };
  });
  const valid = summary.refuse === 0;
  const detail = valid
    ? `The import would create ${summary.create}, change ${summary.change} and leave ${summary.unchanged} rule(s) as they are`
    : `${summary.refuse} rule(s) would be refused, so the import would apply nothing`;
  return { valid, detail, summary, documentErrors: [], rules };
}

export const ruleScaleHandlers = [
  http.post(api('/rules/import/preview'), async ({ request }) => {
    const w = requireWriter(request);
    if ('error' in w) return w.error;
    return respond(RuleImportPreviewSchema, preview(await request.text()));
  }),
  http.post(api('/rules/bulk'), async ({ request }) => {
    const w = requireWriter(request);
    if ('error' in w) return w.error;
    const body = await parseBody(request, RuleBulkRequestSchema);
    if ('error' in body) return body.error;
    const { ids, action } = body.data;
    const missing = ids.flatMap((id, i) =>
      db.rules.some((r) => r.id === id) ? [] : [{ path: `ids.${i}`, message: `No rule ${id}` }],
    );
    if (missing.length)
      return problem(404, `${missing.length} of the selected rules do not exist`, missing);
    const items = ids.map((id) => {
      const rule = db.rules.find((r) => r.id === id);
      if (!rule) throw new Error('unreachable');
      if (action === 'delete') return { id, name: rule.name, outcome: 'deleted' as const };
      const enabled = action === 'enable';
      if (rule.enabled === enabled) return { id, name: rule.name, outcome: 'unchanged' as const };
      Object.assign(rule, { enabled, revision: rule.revision + 1 });
      return { id, name: rule.name, outcome: 'updated' as const };
    });
    if (action === 'delete') db.rules = db.rules.filter((r) => !ids.includes(r.id));
    return respond(RuleBulkResultSchema, { action, items });
  }),
  http.get(api('/exemptions/expiring'), ({ request }) => {
    const s = requireSession();
    if ('error' in s) return s.error;
    const withinDays = Number(new URL(request.url).searchParams.get('withinDays') ?? 7);
    const now = Date.now();
    const items: ExpiringExemptions['items'] = [];
    for (const rule of db.rules)
      rule.exemptions.forEach((exemption, index) => {
        const at = exemptionExpiresAt(exemption);
        if (at === undefined || at <= now || at > now + withinDays * DAY_MS) return;
        items.push({
          ruleId: rule.id,
          ruleName: rule.name,
          ruleEnabled: rule.enabled,
          index,
          exemption,
          expiresAt: new Date(at).toISOString(),
        });
      });
    items.sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
    return respond(ExpiringExemptionsSchema, {
      now: new Date(now).toISOString(),
      withinDays,
      items,
    });
  }),
];
