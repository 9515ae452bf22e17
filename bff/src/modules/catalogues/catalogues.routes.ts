/** /catalogues: the CISA KEV and FIRST EPSS catalogues rules read (docs/decisions/080). */
import { createRoute, z } from '@hono/zod-openapi';
import { CatalogueListSchema, CatalogueSummarySchema } from '@gated/shared';
import { createRouter } from '../../lib/create-app.js';
import { SECURITY_USER, commonProblems, jsonAnswer, tooLargeProblem } from '../../lib/openapi.js';
import { importCatalogue, listCatalogues } from './catalogues.service.js';

const tags = ['catalogues'];
const security = SECURITY_USER;

const list = createRoute({
  method: 'get',
  path: '/catalogues',
  tags,
  security,
  summary: 'Imported catalogues with their publisher date and entry counts',
  responses: { 200: jsonAnswer(CatalogueListSchema, 'Catalogues'), ...commonProblems },
});
const putKev = createRoute({
  method: 'put',
  path: '/catalogues/kev',
  tags,
  security,
  summary:
    'Import the CISA Known Exploited Vulnerabilities catalogue (known_exploited_vulnerabilities.json as CISA publishes it)',
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.looseObject({}).describe('known_exploited_vulnerabilities.json'),
        },
      },
    },
  },
  responses: {
    200: jsonAnswer(CatalogueSummarySchema, 'Imported (replaces the previous one)'),
    ...commonProblems,
    ...tooLargeProblem,
  },
});
const putEpss = createRoute({
  method: 'put',
  path: '/catalogues/epss',
  tags,
  security,
  summary:
    "Import FIRST's daily EPSS scores (epss_scores-YYYY-MM-DD.csv, gunzipped: #model_version line, cve,epss,percentile)",
  request: {
    body: {
      required: true,
      content: { 'text/csv': { schema: z.string().describe('epss_scores-YYYY-MM-DD.csv') } },
    },
  },
  responses: {
    200: jsonAnswer(CatalogueSummarySchema, 'Imported (replaces the previous one)'),
    ...commonProblems,
    ...tooLargeProblem,
  },
});

export const cataloguesRoutes = createRouter()
  .openapi(list, async (c) => c.json(await listCatalogues(c.get('deps')), 200))
  .openapi(putKev, async (c) =>
    c.json(
      await importCatalogue(
        c.get('deps'),
        c.get('user').username,
        'kev',
        JSON.stringify(c.req.valid('json')),
      ),
      200,
    ),
  )
  .openapi(putEpss, async (c) =>
    c.json(
      await importCatalogue(c.get('deps'), c.get('user').username, 'epss', await c.req.text()),
      200,
    ),
  );
