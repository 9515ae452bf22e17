// Shared TanStack Query defaults (docs/conventions.md#web-error-handling): failures become toasts
// here, not in the HTTP client; 4xx are never retried, other failures at most 3 times, and never
// under test.
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { sessionKeys } from '@/api/session';
import { ApiError } from './api-client';
import { notify } from './notify';

/** Per-query/mutation opt-outs: `meta: { silent: true }` when the screen shows the error itself. */
declare module '@tanstack/react-query' {
  interface Register {
    queryMeta: { silent?: boolean };
    mutationMeta: { silent?: boolean; successMessage?: string };
  }
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return 'Something went wrong. Try again.';
}

/** The retry policy: never 4xx (the request itself is wrong), up to 3 tries otherwise. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

export function createQueryClient(options: { test?: boolean } = {}): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (error instanceof ApiError && error.status === 401) {
          // The session is gone: /me answers 401 too and the auth guard sends the user to sign-in.
          if (query.queryKey[0] !== sessionKeys.me[0])
            void client.invalidateQueries({ queryKey: sessionKeys.me });
          return;
        }
        // A first load shows its own ErrorState; only background refresh failures toast.
        if (query.meta?.silent || query.state.data === undefined) return;
        notify({ intent: 'error', title: 'Could not refresh', body: messageOf(error) });
      },
    }),
    mutationCache: new MutationCache({
      onError: (error, _vars, _ctx, mutation) => {
        if (mutation.meta?.silent) return;
        notify({ intent: 'error', title: 'The change was not saved', body: messageOf(error) });
      },
      onSuccess: (_data, _vars, _ctx, mutation) => {
        const message = mutation.meta?.successMessage;
        if (message) notify({ intent: 'success', title: message });
      },
    }),
    defaultOptions: {
      queries: {
        retry: options.test ? false : shouldRetry,
        staleTime: 10_000,
        refetchOnWindowFocus: !options.test,
      },
      mutations: { retry: false },
    },
  });
  return client;
}
