// The fake's guards for risky changes, like the BFF's: the impact acknowledgement a save that
// makes a rule deny more needs (428 IMPACT_NOT_ACKNOWLEDGED), the switch-off impact counts, and
// restoring a deleted rule (Undo).
import {
  canonicalJson,
  IMPACT_ACK_HEADER,
  impactAcknowledgementRequired,
  type Rule,
  type RuleInput,
  RuleSchema,
  SwitchOffImpactSchema,
} from '@gated/shared';
import { http, HttpResponse } from 'msw';
import { db } from './mock-db';
import { problem, requireSession, requireWriter, respond } from './respond';

const api = (path: string) => `/api/v1${path}`;
/** Deleted rules by id, as the BFF keeps them in the audit log. */
const deleted = new Map<string, Rule>();

/** The fake's preview token: the draft's decision-relevant content (the BFF digests the same). */
export function mockImpactToken(rule: RuleInput): string {
  const { name: _n, description: _d, enabled: _e, ...decisive } = rule;
  return `mock.${canonicalJson(decisive)}`;
}

export function refuseUnacknowledged(
  request: Request,
  before: RuleInput | undefined,
  after: RuleInput,
): Response | null {
  if (!impactAcknowledgementRequired(before, after)) return null;
  if (request.headers.get(IMPACT_ACK_HEADER) === mockImpactToken(after)) return null;
  return problem(
    428,
    'This save makes the rule deny admissions. Preview its impact and acknowledge it.',
    undefined,
    'IMPACT_NOT_ACKNOWLEDGED',
  );
}

export const guardHandlers = [
  http.get(api('/environments/:id/switch-off-impact'), ({ params }) => {
    const s = requireSession();
    if ('error' in s) return s.error;
    const id = String(params.id);
    if (!db.environments.some((e) => e.id === id)) return problem(404, 'No such environment');
    const rules = db.rules.filter(
      (r) => r.enabled && (r.scope.cloudScopes.length === 0 || r.scope.cloudScopes.includes(id)),
    );
    return respond(SwitchOffImpactSchema, {
      environmentId: id,
      clusters: db.clusters.filter((c) => c.environmentId === id).length,
      rules: rules.length,
      denyRules: rules.filter((r) => r.action === 'Deny').length,
    });
  }),
  http.delete(api('/rules/:id'), ({ request, params }) => {
    const w = requireWriter(request);
    if ('error' in w) return w.error;
    const rule = db.rules.find((r) => r.id === params.id);
    if (!rule) return problem(404, 'No such rule');
    deleted.set(rule.id, rule);
    db.rules = db.rules.filter((r) => r.id !== rule.id);
    return new HttpResponse(null, { status: 204 });
  }),
  http.post(api('/rules/:id/restore'), ({ request, params }) => {
    const w = requireWriter(request);
    if ('error' in w) return w.error;
    const id = String(params.id);
    if (db.rules.some((r) => r.id === id)) return problem(409, `Rule ${id} is not deleted`);
    const was = deleted.get(id);
    if (!was) return problem(404, `No deleted rule ${id} to restore`);
    const rule = { ...was, revision: was.revision + 1, updatedBy: w.session.username };
    deleted.delete(id);
    db.rules.push(rule);
    return respond(RuleSchema, rule, { headers: { ETag: `"${rule.revision}"` } });
  }),
];
