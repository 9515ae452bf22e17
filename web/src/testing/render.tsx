// Renders a component the way the app does: providers, a memory router at `route`, and a fake
// API session with `role` (default SecurityAdmin; null for signed out).
import type { Me, Role } from '@gated/shared';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { AppProvider } from '@/app/provider';
import { routes } from '@/app/router';
import { setCsrfToken } from '@/lib/api-client';
import { meQueryOptions } from '@/api/session';
import { createQueryClient } from '@/lib/query-client';
import { signInAs } from './msw/mock-db';

export interface RenderOptions {
  /** Where the memory router starts. @default '/' */
  route?: string;
  /** The route pattern `ui` is mounted at (so useParams works). @default '*' */
  path?: string;
  /** Signed-in role on the fake API; null renders signed out. @default 'SecurityAdmin' */
  role?: Role | null;
}

function setUp(role: Role | null) {
  const queryClient = createQueryClient({ test: true });
  const session = signInAs(role);
  if (session) {
    setCsrfToken(session.csrfToken);
    const me: Me = {
      username: session.username,
      role: session.role,
      authMethod: 'session',
      csrfToken: session.csrfToken,
    };
    queryClient.setQueryData(meQueryOptions().queryKey, me);
  }
  return queryClient;
}

/** Renders `ui` alone (no shell) inside the app providers. */
export function renderWithProviders(
  ui: ReactElement,
  { route = '/', path = '*', role = 'SecurityAdmin' }: RenderOptions = {},
) {
  const queryClient = setUp(role);
  const router = createMemoryRouter([{ path, element: ui }], { initialEntries: [route] });
  const user = userEvent.setup();
  const result = render(
    <AppProvider queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return { ...result, user, router, queryClient };
}

/** Renders the whole portal (shell, guards, lazy screens) at `route`. */
export function renderApp({
  route = '/',
  role = 'SecurityAdmin',
}: Omit<RenderOptions, 'path'> = {}) {
  const queryClient = setUp(role);
  const router = createMemoryRouter(routes, { initialEntries: [route] });
  const user = userEvent.setup();
  const result = render(
    <AppProvider queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return { ...result, user, router, queryClient };
}
