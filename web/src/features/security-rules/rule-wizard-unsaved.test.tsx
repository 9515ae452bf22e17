import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '@/testing/render';
import SecurityRulesRoutes from './security-rules-routes';
import { onStep } from './testing/wizard-driver';

describe('rule wizard: unsaved changes', () => {
  it('asks before a half-filled wizard is left, and stays or leaves as told', async () => {
    const { user, router } = renderWithProviders(<SecurityRulesRoutes />, {
      route: '/rules/new',
      path: '/rules/*',
    });
    await onStep('Basics');
    await user.type(await screen.findByRole('textbox', { name: /Rule name/ }), 'Half done');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Leave without saving?' });
    await user.click(await within(dialog).findByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(router.state.location.pathname).toBe('/rules/new');
    expect(await screen.findByRole('textbox', { name: /Rule name/ })).toHaveValue('Half done');

    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    const again = await screen.findByRole('alertdialog', { name: 'Leave without saving?' });
    await user.click(await within(again).findByRole('button', { name: 'Leave' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/rules'));
  }, 60_000);

  it('leaves an untouched wizard without asking', async () => {
    const { user, router } = renderWithProviders(<SecurityRulesRoutes />, {
      route: '/rules/new',
      path: '/rules/*',
    });
    await onStep('Basics');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/rules'));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
  }, 60_000);
});
