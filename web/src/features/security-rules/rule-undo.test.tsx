import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { db } from '@/testing/msw/handlers';
import { renderApp } from '@/testing/render';

const undoIn = async (title: RegExp) => {
  const toast = (await screen.findByText(title)).closest('[role="listitem"], .fui-Toast');
  return within((toast as HTMLElement | null) ?? document.body).getByRole('button', {
    name: 'Undo',
  });
};

describe('Undo for disable and delete', () => {
  it('restores a deleted rule from the toast', async () => {
    const { user } = renderApp({ route: '/rules?selected=rule-deny-critical' });
    await screen.findByRole('grid', { name: 'Security rules' });
    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Delete this rule?' });
    expect(dialog).toHaveTextContent(/You can undo it/);
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(db.rules.map((r) => r.id)).not.toContain('rule-deny-critical'));

    await user.click(await undoIn(/Rule “Deny critical in production” deleted/));
    await waitFor(() => expect(db.rules.map((r) => r.id)).toContain('rule-deny-critical'));
    expect(
      await screen.findByRole('row', { name: /Deny critical in production/ }),
    ).toBeInTheDocument();
    expect(await screen.findByText('Rule restored')).toBeInTheDocument();
  });

  it('enables a disabled rule again from the toast', async () => {
    const { user } = renderApp({ route: '/rules?selected=rule-default' });
    await screen.findByRole('grid', { name: 'Security rules' });
    await user.click(await screen.findByRole('button', { name: 'Disable' }));
    await waitFor(() => expect(db.rules.find((r) => r.id === 'rule-default')?.enabled).toBe(false));
    await user.click(await undoIn(/Rule “Default: High or Critical” disabled/));
    await waitFor(() => expect(db.rules.find((r) => r.id === 'rule-default')?.enabled).toBe(true));
  });
});
