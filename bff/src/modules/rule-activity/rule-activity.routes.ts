/**
 * A rule's details beyond its definition: what it did (`/rules/{id}/activity`, admissions by
 * decision in 24 h or 7 d) and how it changed (`/rules/{id}/history`, its audit entries as field
 * diffs). Readable by every role. A rule that was deleted keeps both while its audit entries exist.
 */
import { createRoute } from '@hono/zod-openapi';
import {
  ACTIVITY_WINDOW_MS,
  NotFoundError,
  RuleActivityQuerySchema,
  RuleActivitySchema,
  RuleHistoryQuerySchema,
  RuleHistorySchema,
} from '@gated/shared';
import { createRouter } from '../../lib/create-app.js';
import { IdParamsSchema } from '../../lib/id-params.js';
import { SECURITY_USER, commonProblems, jsonAnswer, notFoundProblem } from '../../lib/openapi.js';
import type { Db } from '../../store/db.js';
import { listAudit } from '../../store/audit.repo.js';
import { getRule } from '../../store/rules.repo.js';
import { ruleActivity } from '../../store/rule-activity.repo.js';

const tags = ['rules'];

const activity = createRoute({
  method: 'get',
  path: '/rules/{id}/activity',
  tags,
  security: SECURITY_USER,
  summary: 'Admissions the rule decided or triggered in the last 24 h or 7 d, by decision',
  request: { params: IdParamsSchema, query: RuleActivityQuerySchema },
  responses: {
    200: jsonAnswer(RuleActivitySchema, 'Counts by decision'),
    ...commonProblems,
    ...notFoundProblem,
  },
});

const history = createRoute({
  method: 'get',
  path: '/rules/{id}/history',
  tags,
  security: SECURITY_USER,
  summary: "The rule's audit entries, newest first, with what each changed",
  request: { params: IdParamsSchema, query: RuleHistoryQuerySchema },
  responses: {
    200: jsonAnswer(RuleHistorySchema, 'A page of changes'),
    ...commonProblems,
    ...notFoundProblem,
  },
});

/** 404 unless the rule exists now or once existed (it has audit entries). */
async function assertKnownRule(db: Db, id: string): Promise<void> {
  if (await getRule(db, id)) return;
  const trail = await listAudit(db, { resourceType: 'rule', resourceId: id, limit: 1 });
  if (trail.items.length === 0) throw new NotFoundError(`No rule ${id}`);
}

export const ruleActivityRoutes = createRouter()
  .openapi(activity, async (c) => {
    const { db } = c.get('deps');
    const { id } = c.req.valid('param');
    const q = c.req.valid('query');
    await assertKnownRule(db, id);
    const to = q.until ? new Date(q.until) : new Date();
    const from = new Date(to.getTime() - ACTIVITY_WINDOW_MS[q.window]);
    return c.json(await ruleActivity(db, id, q.window, from, to), 200);
  })
  .openapi(history, async (c) => {
    const { db } = c.get('deps');
    const { id } = c.req.valid('param');
    const q = c.req.valid('query');
    await assertKnownRule(db, id);
    const page = await listAudit(db, { resourceType: 'rule', resourceId: id, ...q });
    return c.json(
      {
        items: page.items.map((e) => ({
          id: e.id,
          at: e.at,
          actor: e.actor,
          action: e.action,
          changes: e.changes ?? [],
        })),
        nextCursor: page.nextCursor,
      },
      200,
    );
  });
