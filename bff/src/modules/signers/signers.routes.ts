/** /environments/{id}/signers: the public keys whose signed reports rules with requireSignedFindings trust. */
import { createRoute, z } from '@hono/zod-openapi';
import {
  TrustedSignerInputSchema,
  TrustedSignerListSchema,
  TrustedSignerSchema,
} from '@gated/shared';
import { createRouter } from '../../lib/create-app.js';
import { IdParamsSchema } from '../../lib/id-params.js';
import {
  SECURITY_USER,
  commonProblems,
  conflictProblem,
  jsonAnswer,
  jsonBody,
  notFoundProblem,
} from '../../lib/openapi.js';
import { addSigner, removeSigner, signersOf } from './signers.service.js';

const tags = ['environments'];
const security = SECURITY_USER;

const list = createRoute({
  method: 'get',
  path: '/environments/{id}/signers',
  tags,
  security,
  summary: 'Trusted signers of an environment',
  request: { params: IdParamsSchema },
  responses: {
    200: jsonAnswer(TrustedSignerListSchema, 'Signers'),
    ...commonProblems,
    ...notFoundProblem,
  },
});
const add = createRoute({
  method: 'post',
  path: '/environments/{id}/signers',
  tags,
  security,
  summary: 'Trust a public key (ECDSA P-256, Ed25519, RSA; PEM or base64 DER) for signed findings',
  request: { params: IdParamsSchema, ...jsonBody(TrustedSignerInputSchema) },
  responses: {
    201: jsonAnswer(TrustedSignerSchema, 'Added'),
    ...commonProblems,
    ...notFoundProblem,
    ...conflictProblem,
  },
});
const remove = createRoute({
  method: 'delete',
  path: '/environments/{id}/signers/{signerId}',
  tags,
  security,
  summary: 'Stop trusting a signer',
  request: { params: IdParamsSchema.extend({ signerId: z.string().min(1).max(100) }) },
  responses: { 204: { description: 'Removed' }, ...commonProblems, ...notFoundProblem },
});

export const signersRoutes = createRouter()
  .openapi(list, async (c) => c.json(await signersOf(c.get('deps'), c.req.valid('param').id), 200))
  .openapi(add, async (c) =>
    c.json(
      await addSigner(
        c.get('deps'),
        c.get('user').username,
        c.req.valid('param').id,
        c.req.valid('json'),
      ),
      201,
    ),
  )
  .openapi(remove, async (c) => {
    const { id, signerId } = c.req.valid('param');
    await removeSigner(c.get('deps'), c.get('user').username, id, signerId);
    return c.body(null, 204);
  });
