/** /admissions: filtered keyset list, one event with its trace, stats per bucket, CSV export. */
import { createRoute, z } from '@hono/zod-openapi';
import {
  AdmissionEventAnswerSchema,
  AdmissionPageSchema,
  AdmissionQuerySchema,
  AdmissionStatsQuerySchema,
  AdmissionStatsSchema,
  AdmissionStoreSchema,
  NotAllowedError,
  NotFoundError,
} from '@gated/shared';
import { createRouter } from '../../lib/create-app.js';
import { IdParamsSchema } from '../../lib/id-params.js';
import { SECURITY_USER, commonProblems, jsonAnswer, notFoundProblem } from '../../lib/openapi.js';
import { admissionStats, getAdmission, listAdmissions } from '../../store/admissions.repo.js';
import { admissionStoreFacts } from '../../store/admission-retention.repo.js';
import { storeBytes } from '../observability/readiness.js';
import { admissionsCsvStream } from './admissions-csv.js';

const tags = ['admissions'];
const security = SECURITY_USER;

const list = createRoute({
  method: 'get',
  path: '/admissions',
  tags,
  security,
  summary: 'Admission events, newest first, with filters and a keyset cursor',
  request: { query: AdmissionQuerySchema },
  responses: { 200: jsonAnswer(AdmissionPageSchema, 'A page'), ...commonProblems },
});
const stats = createRoute({
  method: 'get',
  path: '/admissions/stats',
  tags,
  security,
  summary: 'Decisions per time bucket',
  request: { query: AdmissionStatsQuerySchema },
  responses: { 200: jsonAnswer(AdmissionStatsSchema, 'Buckets'), ...commonProblems },
});
const csv = createRoute({
  method: 'get',
  path: '/admissions/export.csv',
  tags,
  security,
  summary: 'The filtered list as CSV (streamed)',
  request: { query: AdmissionQuerySchema },
  responses: {
    200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } },
    ...commonProblems,
  },
});
const store = createRoute({
  method: 'get',
  path: '/admissions/store',
  tags,
  security,
  summary: 'Events kept, the oldest, the store size and the retention (Security Admin)',
  responses: { 200: jsonAnswer(AdmissionStoreSchema, 'Store facts'), ...commonProblems },
});
const get = createRoute({
  method: 'get',
  path: '/admissions/{id}',
  tags,
  security,
  summary:
    'One event with its full evaluation trace; an id folded into another event answers that event, with `foldedFrom`',
  request: { params: IdParamsSchema },
  responses: {
    200: jsonAnswer(AdmissionEventAnswerSchema, 'The event'),
    ...commonProblems,
    ...notFoundProblem,
  },
});

export const admissionsRoutes = createRouter()
  .openapi(list, async (c) =>
    c.json(await listAdmissions(c.get('deps').db, c.req.valid('query')), 200),
  )
  .openapi(stats, async (c) =>
    c.json(await admissionStats(c.get('deps').db, c.req.valid('query')), 200),
  )
  .openapi(csv, (c) => {
    const body = admissionsCsvStream(c.get('deps').db, c.req.valid('query'));
    return c.body(body, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="admissions.csv"',
    });
  })
  .openapi(store, async (c) => {
    if (c.get('user').role !== 'SecurityAdmin')
      throw new NotAllowedError('Only Security Admins see the store size');
    const { db, config } = c.get('deps');
    const [facts, bytes] = await Promise.all([admissionStoreFacts(db), storeBytes(db)]);
    return c.json({ ...facts, bytes, retentionDays: config.eventRetentionDays }, 200);
  })
  .openapi(get, async (c) => {
    const event = await getAdmission(c.get('deps').db, c.req.valid('param').id);
    if (!event) throw new NotFoundError(`No admission event ${c.req.valid('param').id}`);
    return c.json(event, 200);
  });
