// The portal's routes (react-router 7 data router). Every screen is lazy-loaded so that it
// lands in its own chunk; features own their sub-routes (`rules/*`, `admissions/*`).
import { Spinner } from '@fluentui/react-components';
import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { HOME_PATH, paths } from '@/config/paths';
import { RequireAuth } from '@/lib/auth';
import { AppShell } from './app-shell';
import { NotFoundPage } from './not-found-page';

const fullPageSpinner = <Spinner label="Loading…" size="large" />;

export const routes: RouteObject[] = [
  {
    path: paths.signIn.path,
    lazy: async () => ({ Component: (await import('./sign-in-page')).default }),
    hydrateFallbackElement: fullPageSpinner,
  },
  {
    path: '/',
    hydrateFallbackElement: fullPageSpinner,
    element: (
      <RequireAuth fallback={fullPageSpinner}>
        <AppShell />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <Navigate to={HOME_PATH} replace /> },
      {
        path: 'environments',
        lazy: async () => ({
          Component: (await import('@/features/environment-settings/environment-settings-page'))
            .default,
        }),
      },
      {
        path: 'rules/*',
        lazy: async () => ({
          Component: (await import('@/features/security-rules/security-rules-routes.tsx')).default,
        }),
      },
      {
        // More specific than `rules/*`, so it wins over the security-rules feature's routes.
        path: 'rules/:ruleId/details',
        lazy: async () => ({
          Component: (await import('./change-history-screens')).RuleDetailsPage,
        }),
      },
      {
        path: 'audit-log',
        lazy: async () => ({
          Component: (await import('./change-history-screens')).AuditLogPage,
        }),
      },
      {
        path: 'admissions/*',
        lazy: async () => ({
          Component: (await import('@/features/admission-monitoring/admission-monitoring-routes'))
            .default,
        }),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}
