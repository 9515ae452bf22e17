import { screen, waitFor } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { admissionsKeys } from '@/api/admissions';
import { problem, signInAs } from '@/testing/msw/handlers';
import { server } from '@/testing/msw/server';
import { renderApp } from '@/testing/render';

describe('failures', () => {
  it('shows what to do when a screen fails to load, and recovers on retry', async () => {
    server.use(
      http.get(
        '/api/v1/environments',
        () => problem(503, 'The store is not reachable. Try again in a moment.'),
        { once: true },
      ),
    );
    const { user } = renderApp({ route: '/environments' });
    expect(
      await screen.findByRole('heading', { name: 'Could not load the environments' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('The store is not reachable. Try again in a moment.'),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('navigation', { name: 'Environments' })).toBeInTheDocument();
  });

  it('sends the user to sign-in when the session ends mid-use', async () => {
    const { router, queryClient } = renderApp({ route: '/admissions' });
    await screen.findByRole('table', { name: 'Admission events' });
    signInAs(null); // the server forgets the session
    await queryClient.refetchQueries({ queryKey: admissionsKeys.statsAll() });
    await waitFor(() => expect(router.state.location.pathname).toBe('/sign-in'));
    expect(router.state.location.search).toContain('from=%2Fadmissions');
  });
});
