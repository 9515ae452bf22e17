// How the sign-in page may sign people in (password, single sign-on): `GET /auth/providers`.
import { SignInOptionsSchema } from '@gated/shared';
import { queryOptions } from '@tanstack/react-query';
import { apiFetch } from '../lib/api-client';

export const signInOptionsQueryOptions = () =>
  queryOptions({
    queryKey: ['sign-in-options'] as const,
    queryFn: ({ signal }) => apiFetch('/auth/providers', { schema: SignInOptionsSchema, signal }),
    staleTime: 5 * 60_000,
  });
