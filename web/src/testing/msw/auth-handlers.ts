import { LoginInputSchema, MeSchema, SignInOptionsSchema } from '@gated/shared';
import { http, HttpResponse } from 'msw';
import { z } from 'zod';
import { db, MOCK_PASSWORD, signInAs } from './mock-db';
import { parseBody, problem, requireSession, respond } from './respond';

const api = (path: string) => `/api/v1${path}`;

export const authHandlers = [
  http.get(api('/health'), () => respond(z.object({ status: z.literal('ok') }), { status: 'ok' })),
  http.get(api('/auth/providers'), () => respond(SignInOptionsSchema, db.signInOptions)),
  http.post(api('/auth/login'), async ({ request }) => {
    if (!db.signInOptions.password) return problem(403, 'Password sign-in is turned off');
    const body = await parseBody(request, LoginInputSchema);
    if ('error' in body) return body.error;
    const role = db.users[body.data.username];
    if (!role || body.data.password !== MOCK_PASSWORD)
      return problem(401, 'Wrong user name or password');
    const session = signInAs(role, body.data.username);
    return respond(MeSchema, {
      username: session?.username,
      role,
      authMethod: 'session',
      csrfToken: session?.csrfToken,
    });
  }),
  http.post(api('/auth/logout'), () => {
    signInAs(null);
    return new HttpResponse(null, { status: 204 });
  }),
  http.get(api('/me'), () => {
    const s = requireSession();
    if ('error' in s) return s.error;
    return respond(MeSchema, {
      username: s.session.username,
      role: s.session.role,
      authMethod: 'session',
      csrfToken: s.session.csrfToken,
    });
  }),
];
