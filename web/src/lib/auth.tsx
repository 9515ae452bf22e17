// Who is signed in, with which role, and what that allows. `/me` is the source of truth; its
// CSRF token is remembered for writes. A 401 on /me means "signed out" (null), not an error.
import type { LoginInput } from '@gated/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { meQueryOptions, signIn, signOut } from '@/api/session';
import { paths } from '@/config/paths';
import { resetCsrfToken, setCsrfToken } from './api-client';

export const WRITE_DENIED_REASON = 'Requires the Security Admin role';

/** The signed-in user, or null when signed out (undefined while loading). */
export function useMe() {
  return useQuery(meQueryOptions());
}

export function useIsAdmin(): boolean {
  return useMe().data?.role === 'SecurityAdmin';
}

/** Whether the user may change things, and the tooltip to show when not. */
export function useWriteAccess(): { canWrite: boolean; reason: string } {
  return { canWrite: useIsAdmin(), reason: WRITE_DENIED_REASON };
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: LoginInput) => signIn(input),
    meta: { silent: true },
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      client.setQueryData(meQueryOptions().queryKey, me);
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => signOut(),
    // A single sign-on session ends at the provider too (RP-initiated logout); it sends the browser back to sign-in.
    onSuccess: (out) => {
      if (out) window.location.assign(out.endSessionUrl);
    },
    onSettled: () => {
      resetCsrfToken();
      client.clear();
      client.setQueryData(meQueryOptions().queryKey, null);
    },
  });
}

/** Renders children only for a signed-in user; otherwise sends them to sign-in and back after. */
export function RequireAuth({ children, fallback }: { children: ReactNode; fallback: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return fallback;
  if (me.isError) throw me.error;
  if (!me.data) {
    const from = `${location.pathname}${location.search}`;
    return <Navigate to={`${paths.signIn.path}?from=${encodeURIComponent(from)}`} replace />;
  }
  return children;
}
