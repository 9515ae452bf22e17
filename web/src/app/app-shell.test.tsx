import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '@/testing/render';

describe('app shell', () => {
  it('navigates between the screens from the left navigation', async () => {
    const { user, router } = renderApp({ route: '/' });
    const nav = await screen.findByRole('navigation', { name: 'Main navigation' });
    await waitFor(() => expect(router.state.location.pathname).toBe('/environments'));
    await waitFor(() =>
      expect(within(nav).getByRole('link', { name: 'Environment settings' })).toHaveAttribute(
        'aria-current',
        'page',
      ),
    );
    await user.click(within(nav).getByRole('link', { name: 'Admission monitoring' }));
    expect(
      await screen.findByRole('heading', { name: 'Admission monitoring', level: 1 }),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(within(nav).getByRole('link', { name: 'Admission monitoring' })).toHaveAttribute(
        'aria-current',
        'page',
      ),
    );
  });

  it('remembers the theme per user', async () => {
    const { user } = renderApp({ route: '/environments' });
    const dark = await screen.findByRole('switch', { name: 'Dark theme' });
    expect(dark).not.toBeChecked();
    await user.click(dark);
    expect(dark).toBeChecked();
    expect(localStorage.getItem('gated.theme.admin')).toBe('dark');
    expect(localStorage.getItem('gated.theme.reader')).toBeNull();
  });

  it('signs out and returns to sign-in', async () => {
    const { user, router } = renderApp({ route: '/environments' });
    await user.click(await screen.findByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/sign-in'));
    expect(
      await screen.findByRole('heading', { name: 'Sign in to Gated Deployment' }),
    ).toBeInTheDocument();
  });

  it('shows a helpful page for an unknown address', async () => {
    renderApp({ route: '/nowhere' });
    expect(
      await screen.findByRole('heading', { name: 'This page does not exist' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Go to Environment settings' })).toBeInTheDocument();
  });
});
