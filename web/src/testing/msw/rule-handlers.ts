import {
  formatRuleExport,
  parseRuleExport,
  type Rule,
  RuleImportResultSchema,
  type RuleInput,
  RuleInputSchema,
  RuleListSchema,
  RulePreviewRequestSchema,
  RulePreviewResultSchema,
  RuleSchema,
  ruleExportProblem,
  severityRank,
} from '@gated/shared';
import { http, HttpResponse } from 'msw';
import { mockImpactToken, refuseUnacknowledged } from './guard-handlers';
import { db } from './mock-db';
import { parseBody, problem, requireSession, requireWriter, respond } from './respond';

const api = (path: string) => `/api/v1${path}`;
const now = () => new Date().toISOString();
const etag = (rule: Rule) => `"${rule.revision}"`;
let nextId = 1000;

function nameTaken(name: string, exceptId?: string): boolean {
  return db.rules.some((r) => r.id !== exceptId && r.name.toLowerCase() === name.toLowerCase());
}
const duplicateName = () =>
  problem(409, 'A rule with this name exists', [
    { path: 'name', message: 'A rule with this name already exists' },
  ]);

function store(input: RuleInput, username: string, existing?: Rule): Rule {
  if (existing) {
    Object.assign(existing, input, {
      revision: existing.revision + 1,
      updatedAt: now(),
      updatedBy: username,
    });
    return existing;
  }
  const rule: Rule = {
    ...input,
    id: `rule-${nextId++}`,
    revision: 1,
    createdAt: now(),
    createdBy: username,
    updatedAt: now(),
    updatedBy: username,
  };
  db.rules.push(rule);
  return rule;
}

/** The editable part of a stored rule. */
function toInput({
  id: _id,
  revision: _r,
  createdAt: _ca,
  createdBy: _cb,
  updatedAt: _ua,
  updatedBy: _ub,
  ...input
}: Rule): RuleInput {
  return input;
}

export const ruleHandlers = [
  http.get(api('/rules'), () => {
    const s = requireSession();
    if ('error' in s) return s.error;
    return respond(RuleListSchema, { items: db.rules });
  }),
  http.get(api('/rules/export'), ({ request }) => {
    const s = requireSession();
    if ('error' in s) return s.error;
    const text = formatRuleExport(db.rules.map(toInput));
    const json = new URL(request.url).searchParams.get('format') === 'json';
    return new HttpResponse(text, {
      headers: { 'Content-Type': json ? 'application/json' : 'application/yaml' },
    });
  }),
  http.post(api('/rules/import'), async ({ request }) => {
    const w = requireWriter(request);
    if ('error' in w) return w.error;
    const parsed = parseRuleExport(await request.text());
    if (!parsed.ok) {
      const refused = ruleExportProblem(parsed);
      return problem(400, refused.detail, refused.errors);
    }
    let created = 0;
    let updated = 0;
    for (const input of parsed.value.rules) {
      const existing = db.rules.find((r) => r.name.toLowerCase() === input.name.toLowerCase());
      store(input, w.session.username, existing);
      if (existing) updated++;
      else created++;
    }
    return respond(RuleImportResultSchema, { applied: true, created, updated, errors: [] });
  }),
  http.post(api('/rules/preview'), async ({ request }) => {
    const s = requireSession();
    if ('error' in s) return s.error;
    const body = await parseBody(request, RulePreviewRequestSchema);
    if ('error' in body) return body.error;
    const { rule } = body.data;
    // A coarse stand-in for the engine replay: compares each event's worst finding to the thresholds.
    const worstAllowed = Math.min(
      ...rule.conditions.severityThresholds.map((t) => severityRank(t.severity)),
      5,
    );
    const hits = db.admissions.filter(
      (e) =>
        !e.dryRun &&
        e.decision !== 'NotGated' &&
        e.worstFinding &&
        severityRank(e.worstFinding.severity) >= worstAllowed,
    );
    const outcome = rule.action;
    const to = new Date();
    return respond(RulePreviewResultSchema, {
      acknowledgement: mockImpactToken(rule),
      from: new Date(to.getTime() - body.data.days * 86_400_000).toISOString(),
      to: to.toISOString(),
      evaluated: db.admissions.filter((e) => e.decision !== 'NotGated').length,
      wouldDeny: outcome === 'Deny' ? hits.length : 0,
      wouldAudit: outcome === 'Audit' ? hits.length : 0,
      workloads: new Set(hits.map((e) => `${e.namespace}/${e.name}`)).size,
      examples: hits.slice(0, 10).map((e) => ({
        eventId: e.id,
        time: e.time,
        clusterName: e.clusterName,
        namespace: e.namespace,
        kind: e.kind,
        name: e.name,
        images: e.images.map((i) => i.reference),
        outcome,
        because: `${e.worstFinding?.id ?? 'a finding'} is ${e.worstFinding?.severity ?? 'severe'}`,
      })),
    });
  }),
  http.get(api('/rules/:id'), ({ params }) => {
    const s = requireSession();
    if ('error' in s) return s.error;
    const rule = db.rules.find((r) => r.id === params.id);
    return rule
      ? respond(RuleSchema, rule, { headers: { ETag: etag(rule) } })
      : problem(404, 'No such rule');
  }),
  http.post(api('/rules'), async ({ request }) => {
    const w = requireWriter(request);
    if ('error' in w) return w.error;
    const body = await parseBody(request, RuleInputSchema);
    if ('error' in body) return body.error;
    if (nameTaken(body.data.name)) return duplicateName();
    const unacknowledged = refuseUnacknowledged(request, undefined, body.data);
    if (unacknowledged) return unacknowledged;
    const rule = store(body.data, w.session.username);
    return respond(RuleSchema, rule, { status: 201, headers: { ETag: etag(rule) } });
  }),
  http.put(api('/rules/:id'), async ({ request, params }) => {
    const w = requireWriter(request);
    if ('error' in w) return w.error;
    const rule = db.rules.find((r) => r.id === params.id);
    if (!rule) return problem(404, 'No such rule');
    const ifMatch = request.headers.get('If-Match');
    if (!ifMatch) return problem(428, 'Send If-Match with the revision you edited');
    if (ifMatch !== etag(rule))
      return problem(412, `Changed by ${rule.updatedBy} since you opened it`);
    const body = await parseBody(request, RuleInputSchema);
    if ('error' in body) return body.error;
    if (nameTaken(body.data.name, rule.id)) return duplicateName();
    const unacknowledged = refuseUnacknowledged(request, rule, body.data);
    if (unacknowledged) return unacknowledged;
    store(body.data, w.session.username, rule);
    return respond(RuleSchema, rule, { headers: { ETag: etag(rule) } });
  }),
  http.delete(api('/rules/:id'), ({ request, params }) => {
    const w = requireWriter(request);
    if ('error' in w) return w.error;
    const before = db.rules.length;
    db.rules = db.rules.filter((r) => r.id !== params.id);
    return before === db.rules.length
      ? problem(404, 'No such rule')
      : new HttpResponse(null, { status: 204 });
  }),
  http.post(api('/rules/:id/:toggle'), ({ request, params }) => {
    const w = requireWriter(request);
    if ('error' in w) return w.error;
    const rule = db.rules.find((r) => r.id === params.id);
    if (!rule) return problem(404, 'No such rule');
    if (params.toggle !== 'enable' && params.toggle !== 'disable')
      return problem(404, 'No such action');
    Object.assign(rule, {
      enabled: params.toggle === 'enable',
      revision: rule.revision + 1,
      updatedAt: now(),
      updatedBy: w.session.username,
    });
    return respond(RuleSchema, rule, { headers: { ETag: etag(rule) } });
  }),
];
