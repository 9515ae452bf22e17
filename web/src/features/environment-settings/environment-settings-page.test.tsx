import { screen, waitFor, within } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { db, problem } from '@/testing/msw/handlers';
import { server } from '@/testing/msw/server';
import { renderApp } from '@/testing/render';

const open = (env = 'env-1', role: 'SecurityAdmin' | 'SecurityReader' = 'SecurityAdmin') =>
  renderApp({ route: `/environments?env=${env}`, role });

describe('Environment settings', () => {
  it('lists the environments with cloud and account id', async () => {
    open();
    const nav = await screen.findByRole('navigation', { name: 'Environments' });
    expect(within(nav).getByRole('button', { name: /Contoso production/ })).toHaveAccessibleName(
      /Azure subscription/,
    );
    expect(within(nav).getByText('123456789012')).toBeInTheDocument();
    expect(
      within(nav).getByRole('button', { name: /AWS account Shop on AWS/ }),
    ).toBeInTheDocument();
  });

  it('disables a child toggle while its parent is off and says why', async () => {
    open('env-2');
    const gating = await screen.findByRole('switch', { name: 'Security Gating' });
    expect(screen.getByRole('switch', { name: 'Defender Sensor' })).not.toBeChecked();
    expect(gating).toBeDisabled();
    expect(gating).toHaveAccessibleDescription(
      'Turn on Defender Sensor first: Security Gating needs it',
    );
    // The sibling hierarchy is independent: Registry Access is on, so its child is usable.
    expect(screen.getByRole('switch', { name: 'Security Findings' })).toBeEnabled();
  });

  it('turning a parent on enables its child and installs gating with progress', async () => {
    const { user } = open('env-2');
    await user.click(await screen.findByRole('switch', { name: 'Defender Sensor' }));
    const gating = screen.getByRole('switch', { name: 'Security Gating' });
    await waitFor(() => expect(gating).toBeEnabled());
    await user.click(gating);
    expect(await screen.findByText('Security gating is installed')).toBeInTheDocument();
    expect(db.environments.find((e) => e.id === 'env-2')?.gatingInstalledAt).not.toBeNull();
  });

  it('flips a toggle at once and rolls it back when the server refuses', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    server.use(
      http.patch('/api/v1/environments/:id', async () => {
        await gate;
        return problem(400, 'Security Findings needs its parent Registry Access on', [
          { path: 'extensions.registryAccess.securityFindings', message: 'needs its parent' },
        ]);
      }),
    );
    const { user } = open();
    const findings = await screen.findByRole('switch', { name: 'Security Findings' });
    expect(findings).toBeChecked();
    await user.click(findings);
    expect(findings).not.toBeChecked(); // optimistic
    release();
    await waitFor(() => expect(findings).toBeChecked()); // rolled back
    expect(await screen.findByText('The change was not saved')).toBeInTheDocument();
  });

  it('registers a cluster and shows its gate token only once', async () => {
    const { user } = open();
    await user.click(await screen.findByRole('button', { name: 'Register cluster' }));
    const dialog = await screen.findByRole('dialog', { name: 'Register cluster' });
    await user.click(await within(dialog).findByRole('button', { name: 'Register' }));
    expect(await within(dialog).findByText('Enter a name')).toBeInTheDocument();

    await user.type(within(dialog).getByRole('textbox', { name: /Cluster name/ }), 'aks-new');
    await user.click(within(dialog).getByRole('button', { name: 'Register' }));
    const shown = await screen.findByRole('dialog', { name: 'Cluster aks-new registered' });
    const token = await within(shown).findByRole('textbox', { name: 'Gate token' });
    expect((token as HTMLInputElement).value).toMatch(/^gtk_/);
    expect(within(shown).getByLabelText('Install command')).toHaveTextContent(
      /gated-gate-token --from-literal=token=gtk_/,
    );
    expect(within(shown).getByRole('button', { name: 'Copy token' })).toBeInTheDocument();

    await user.click(within(shown).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(await screen.findByRole('cell', { name: 'aks-new' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Register cluster' }));
    const again = await screen.findByRole('dialog', { name: 'Register cluster' });
    expect(within(again).queryByText(/gtk_/)).not.toBeInTheDocument();
    expect(await within(again).findByRole('textbox', { name: /Cluster name/ })).toHaveValue('');
  });

  it('is read-only for a reader, with the role needed as the reason', async () => {
    open('env-1', 'SecurityReader');
    const sensor = await screen.findByRole('switch', { name: 'Defender Sensor' });
    expect(sensor).toBeDisabled();
    expect(screen.getByRole('switch', { name: 'Security Gating' })).toHaveAccessibleDescription(
      'Requires the Security Admin role',
    );
    const register = await screen.findByRole('button', { name: 'Register cluster' });
    expect(register).toHaveAttribute('aria-disabled', 'true');
    expect(screen.getByRole('button', { name: 'Save registries' })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
    expect(screen.queryByRole('textbox', { name: 'Add a registry' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Remove cluster aks-prod-1' })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
  });
});
