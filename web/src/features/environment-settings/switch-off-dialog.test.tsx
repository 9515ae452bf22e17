import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { db } from '@/testing/msw/handlers';
import { renderApp } from '@/testing/render';

const open = (env = 'env-1') =>
  renderApp({ route: `/environments?env=${env}`, role: 'SecurityAdmin' });

describe('Switch-off confirmation', () => {
  it('asks before Defender Sensor goes off, with the clusters and rules it reaches', async () => {
    const { user } = open();
    const expected = db.rules.filter(
      (r) =>
        r.enabled && (r.scope.cloudScopes.length === 0 || r.scope.cloudScopes.includes('env-1')),
    );
    await user.click(await screen.findByRole('switch', { name: 'Defender Sensor' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Turn off Defender Sensor?' });
    const denies = expected.filter((r) => r.action === 'Deny').length;
    expect(
      await within(dialog).findByText(
        new RegExp(
          `2 clusters admit every workload without evaluation, and ${expected.length} rules? \\(${denies} Deny rules?\\)`,
        ),
      ),
    ).toBeInTheDocument();
    // Nothing changed yet.
    expect(db.environments.find((e) => e.id === 'env-1')?.extensions.defenderSensor.enabled).toBe(
      true,
    );
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(await screen.findByRole('switch', { name: 'Defender Sensor' })).toBeChecked();
    expect(db.environments.find((e) => e.id === 'env-1')?.extensions.defenderSensor.enabled).toBe(
      true,
    );
  });

  it('turns Security Gating off only after Turn off', async () => {
    const { user } = open();
    await user.click(await screen.findByRole('switch', { name: 'Security Gating' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Turn off Security Gating?' });
    await within(dialog).findByText(/Security gating stops for Contoso production/);
    await user.click(within(dialog).getByRole('button', { name: 'Turn off' }));
    await waitFor(() =>
      expect(
        db.environments.find((e) => e.id === 'env-1')?.extensions.defenderSensor.securityGating,
      ).toBe(false),
    );
    expect(await screen.findByRole('switch', { name: 'Security Gating' })).not.toBeChecked();
  });

  it('needs no confirmation to turn enforcement on, or a parent off when gating is already off', async () => {
    const { user } = open('env-2');
    await user.click(await screen.findByRole('switch', { name: 'Defender Sensor' }));
    await waitFor(() =>
      expect(db.environments.find((e) => e.id === 'env-2')?.extensions.defenderSensor.enabled).toBe(
        true,
      ),
    );
    await user.click(screen.getByRole('switch', { name: 'Defender Sensor' }));
    await waitFor(() =>
      expect(db.environments.find((e) => e.id === 'env-2')?.extensions.defenderSensor.enabled).toBe(
        false,
      ),
    );
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
  });
});
