// How the sign-in page may sign people in (password, single sign-on): `GET /auth/providers`.
import { SignInOptionsSchema } from '@gated/shared';
import { queryOptions } from '@tanstack/react-query';
import { api, parse, withSignal } from './client';

export const signInOptionsKeys = { all: ['sign-in-options'] as const };

export const signInOptionsQueryOptions = () =>
  queryOptions({
    queryKey: signInOptionsKeys.all,
    queryFn: ({ signal }) =>
      parse(api.auth.providers.$get({}, withSignal(signal)), SignInOptionsSchema),
    staleTime: 5 * 60_000,
  });
