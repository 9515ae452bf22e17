// The session (docs/conventions.md#server-state): who is signed in (`GET /me`), signing in and out.
// `/me` is the source of truth; its CSRF token is remembered for writes. A 401 on /me means
// "signed out" (null), not an error.
import { type LoginInput, type Me, MeSchema, SignedOutSchema } from '@gated/shared';
import { queryOptions } from '@tanstack/react-query';
import { isApiError, setCsrfToken } from '@/lib/api-client';
import { api, parse, withSignal } from './client';

export const sessionKeys = { me: ['me'] as const };

export const meQueryOptions = () =>
  queryOptions({
    queryKey: sessionKeys.me,
    queryFn: async ({ signal }): Promise<Me | null> => {
      try {
        const me = await parse(api.me.$get({}, withSignal(signal)), MeSchema);
        setCsrfToken(me.csrfToken);
        return me;
      } catch (error) {
        if (isApiError(error, 401)) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });

/** `POST /auth/login`: the new session's user. */
export const signIn = (input: LoginInput) => parse(api.auth.login.$post({ json: input }), MeSchema);

/** `POST /auth/logout`: where a single sign-on session ends, or nothing for a local one. */
export const signOut = () => parse(api.auth.logout.$post({}), SignedOutSchema.optional());
