import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { db } from '@/testing/msw/handlers';
import { renderApp } from '@/testing/render';

describe('ungated registries', () => {
  it('validates entries with the shared schema and saves the list', async () => {
    const { user } = renderApp({ route: '/environments?env=env-1' });
    const input = await screen.findByRole('textbox', { name: 'Add a registry' });

    await user.type(input, 'not a host');
    await user.click(screen.getByRole('button', { name: 'Add registry' }));
    expect(await screen.findByText(/Use a registry host such as/)).toBeInTheDocument();

    await user.clear(input);
    await user.type(input, 'docker.io');
    await user.click(screen.getByRole('button', { name: 'Add registry' }));
    expect(await screen.findByText('docker.io is listed twice')).toBeInTheDocument();

    await user.clear(input);
    await user.type(input, 'MyRegistry.azurecr.io{Enter}');
    expect(await screen.findByText('myregistry.azurecr.io')).toBeInTheDocument();
    const tags = screen.getByRole('toolbar', { name: 'Ungated registries' });
    await user.click(within(tags).getByRole('button', { name: 'gcr.io Remove gcr.io' }));
    expect(within(tags).queryByRole('button', { name: /^gcr\.io/ })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save registries' }));

    await waitFor(() =>
      expect(db.environments.find((e) => e.id === 'env-1')?.ungatedRegistries).toEqual([
        'mcr.microsoft.com',
        'docker.io',
        'public.ecr.aws',
        'registry.k8s.io',
        'myregistry.azurecr.io',
      ]),
    );
  });

  it('asks before unsaved registry edits are left behind', async () => {
    const { user, router } = renderApp({ route: '/environments?env=env-1' });
    const input = await screen.findByRole('textbox', { name: 'Add a registry' });
    await user.type(input, 'quay.io{Enter}');
    expect(await screen.findByText('quay.io')).toBeInTheDocument();

    void router.navigate('/rules');
    const dialog = await screen.findByRole('alertdialog', { name: 'Leave without saving?' });
    expect(dialog).toHaveTextContent('your changes to the ungated registries');
    await user.click(await within(dialog).findByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(router.state.location.pathname).toBe('/environments');
    expect(screen.getByText('quay.io')).toBeInTheDocument();

    void router.navigate('/rules');
    const again = await screen.findByRole('alertdialog', { name: 'Leave without saving?' });
    await user.click(await within(again).findByRole('button', { name: 'Leave' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/rules'));
  });
});
