/** /findings: upload a scan report (Trivy, Grype, SARIF, in-toto vulns; 32 MB limit), look up by digest or image reference. */
import { createRoute, z } from '@hono/zod-openapi';
import {
  DigestSchema,
  FindingsLookupResultSchema,
  FindingsUploadResultSchema,
  InputError,
} from '@gated/shared';
import { createRouter } from '../../lib/create-app.js';
import { SECURITY_USER, commonProblems, jsonAnswer, tooLargeProblem } from '../../lib/openapi.js';
import { lookupFindings, uploadReport } from './findings.service.js';

const tags = ['findings'];
const security = SECURITY_USER;

const upload = createRoute({
  method: 'post',
  path: '/findings',
  tags,
  security,
  summary:
    'Upload a scan report (Trivy JSON `trivy image -f json`, Grype JSON, SARIF 2.1.0, in-toto vulns attestation); stored per digest with its tag map',
  request: {
    query: z.strictObject({
      image: z
        .string()
        .max(1024)
        .optional()
        .describe(
          'Image the report describes, for reports that do not name it (`repo:tag` or `repo@sha256:…`)',
        ),
      digest: DigestSchema.optional().describe(
        'Manifest digest the report describes, for local, tarball or SARIF scans',
      ),
    }),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .looseObject({})
            .describe(
              'A scan report: Trivy JSON, Grype JSON, SARIF 2.1.0, an in-toto vulns attestation or a Trivy Operator VulnerabilityReport',
            ),
        },
      },
    },
  },
  responses: {
    201: jsonAnswer(FindingsUploadResultSchema, 'Stored'),
    ...commonProblems,
    ...tooLargeProblem,
  },
});
const lookup = createRoute({
  method: 'get',
  path: '/findings',
  tags,
  security,
  summary:
    'Newest findings of a digest, or of an image reference (tag → digest through uploaded tag maps)',
  request: {
    query: z.strictObject({
      digest: DigestSchema.optional(),
      image: z.string().max(1024).optional(),
    }),
  },
  responses: {
    200: jsonAnswer(FindingsLookupResultSchema, 'The report, or null when unscanned'),
    ...commonProblems,
  },
});

export const findingsRoutes = createRouter()
  .openapi(upload, async (c) =>
    c.json(
      await uploadReport(
        c.get('deps'),
        c.get('user').username,
        c.req.valid('json'),
        c.req.valid('query'),
      ),
      201,
    ),
  )
  .openapi(lookup, async (c) => {
    const q = c.req.valid('query');
    if (!q.digest && !q.image)
      throw new InputError('Pass digest or image', [
        { path: 'query', message: 'Pass ?digest=sha256:… or ?image=<reference>' },
      ]);
    return c.json(await lookupFindings(c.get('deps'), q), 200);
  });
