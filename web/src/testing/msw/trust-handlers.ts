// Trusted signers and VEX documents of the fake API. Lists start empty (tests arrange entries with
// `server.use`); an added signer is answered as the BFF would, from the shared schemas.
import {
  StoredVexDocumentListSchema,
  TrustedSignerInputSchema,
  TrustedSignerListSchema,
  TrustedSignerSchema,
} from '@gated/shared';
import { http, HttpResponse } from 'msw';
import { db } from './mock-db';
import { parseBody, problem, requireSession, requireWriter, respond } from './respond';

const api = (path: string) => `/api/v1${path}`;
/** The fake's environments have short ids; signers name theirs by a fixed uuid. */
const MOCK_ENVIRONMENT_UUID = '00000000-0000-4000-8000-000000000001';

export const trustHandlers = [
  http.get(api('/environments/:id/signers'), ({ params }) => {
    const s = requireSession();
    if ('error' in s) return s.error;
    if (!db.environments.some((e) => e.id === params.id))
      return problem(404, 'No such environment');
    return respond(TrustedSignerListSchema, { items: [] });
  }),
  http.post(api('/environments/:id/signers'), async ({ request, params }) => {
    const w = requireWriter(request);
    if ('error' in w) return w.error;
    if (!db.environments.some((e) => e.id === params.id))
      return problem(404, 'No such environment');
    const body = await parseBody(request, TrustedSignerInputSchema);
    if ('error' in body) return body.error;
    return respond(
      TrustedSignerSchema,
      {
        ...body.data,
        id: crypto.randomUUID(),
        environmentId: MOCK_ENVIRONMENT_UUID,
        algorithm: 'ecdsa-p256',
        fingerprint: 'f'.repeat(64),
        createdAt: new Date().toISOString(),
        createdBy: w.session.username,
      },
      { status: 201 },
    );
  }),
  http.delete(api('/environments/:id/signers/:signerId'), ({ request }) => {
    const w = requireWriter(request);
    if ('error' in w) return w.error;
    return new HttpResponse(null, { status: 204 });
  }),
  http.get(api('/vex'), () => {
    const s = requireSession();
    if ('error' in s) return s.error;
    return respond(StoredVexDocumentListSchema, { items: [] });
  }),
];
