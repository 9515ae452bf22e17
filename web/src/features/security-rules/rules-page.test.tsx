import { screen, waitFor, within } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { db, makeRule, problem } from '@/testing/msw/handlers';
import { server } from '@/testing/msw/server';
import { renderWithProviders } from '@/testing/render';
import SecurityRulesRoutes from './security-rules-routes';

const renderRules = (
  role: 'SecurityAdmin' | 'SecurityReader' = 'SecurityAdmin',
  route = '/rules',
) => renderWithProviders(<SecurityRulesRoutes />, { route, path: '/rules/*', role });

const rulesGrid = () => screen.getByRole('grid', { name: 'Security rules' });
const rowNames = () =>
  within(rulesGrid())
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('gridcell')[1]?.textContent ?? '');

describe('rules grid', () => {
  it('lists rules with action badges, summaries, status and the expired-exemption marker', async () => {
    db.rules.push(
      makeRule({
        id: 'rule-x',
        name: 'Temporary exemptions',
        enabled: false,
        exemptions: [
          {
            type: 'Namespace',
            match: 'Equals',
            value: 'dev',
            validUntil: '2020-01-31',
            timeZone: 'UTC',
          },
          { type: 'Namespace', match: 'Equals', value: 'qa' },
        ],
      }),
    );
    renderRules();
    const grid = await screen.findByRole('grid', { name: 'Security rules' });
    const row = within(grid).getByRole('row', { name: /Temporary exemptions/ });
    expect(within(row).getByText('1 expired')).toBeInTheDocument();
    expect(within(row).getByText('Disabled')).toBeInTheDocument();
    const deny = within(grid).getByRole('row', { name: /Deny critical in production/ });
    expect(within(deny).getByText('Deny')).toBeInTheDocument();
    expect(
      within(deny).getByText(/Production · Contoso production · namespaces starting with shop/),
    ).toBeInTheDocument();
    expect(within(deny).getByText('more than 0 Critical findings')).toBeInTheDocument();
    expect(within(deny).getByRole('link', { name: 'Deny critical in production' })).toHaveAttribute(
      'href',
      '/rules/rule-deny-critical/details',
    );
  });

  it('filters by the search box (kept in the URL) and sorts by name', async () => {
    const { user, router } = renderRules();
    await screen.findByRole('grid', { name: 'Security rules' });
    expect(rowNames()).toEqual(['Default: High or Critical', 'Deny critical in production']);

    await user.click(screen.getByRole('columnheader', { name: 'Name' }));
    await waitFor(() =>
      expect(rowNames()).toEqual(['Deny critical in production', 'Default: High or Critical']),
    );

    await user.type(screen.getByRole('searchbox', { name: 'Search rules' }), 'shop');
    await waitFor(() => expect(rowNames()).toEqual(['Deny critical in production']));
    expect(router.state.location.search).toContain('q=shop');
    expect(screen.getByText('1 of 2 rules')).toBeInTheDocument();

    await user.clear(screen.getByRole('searchbox', { name: 'Search rules' }));
    await user.type(screen.getByRole('searchbox', { name: 'Search rules' }), 'nothing-like-this');
    expect(await screen.findByText('No rules match “nothing-like-this”')).toBeInTheDocument();
  });

  it('deletes the selected rule only after confirmation', async () => {
    const { user } = renderRules();
    await screen.findByRole('grid', { name: 'Security rules' });
    await user.click(screen.getByRole('checkbox', { name: 'Select Deny critical in production' }));
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Delete this rule?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(db.rules.map((r) => r.id)).toContain('rule-deny-critical');

    // Closing the dialog gives the page back to assistive technology (Tabster lifts its
    // aria-hidden on its next sweep): wait for that before using the page again.
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    await user.click(
      within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Delete' }),
    );
    await waitFor(() => expect(db.rules.map((r) => r.id)).not.toContain('rule-deny-critical'));
    await waitFor(() =>
      expect(
        screen.queryByRole('row', { name: /Deny critical in production/ }),
      ).not.toBeInTheDocument(),
    );
  });

  it('disables and enables the selected rule', async () => {
    const { user } = renderRules('SecurityAdmin', '/rules?selected=rule-default');
    await screen.findByRole('grid', { name: 'Security rules' });
    await user.click(screen.getByRole('button', { name: 'Disable' }));
    await waitFor(() => expect(db.rules.find((r) => r.id === 'rule-default')?.enabled).toBe(false));
    const row = screen.getByRole('row', { name: /Default: High or Critical/ });
    await waitFor(() => expect(within(row).getByText('Disabled')).toBeInTheDocument());
    await user.click(await screen.findByRole('button', { name: 'Enable' }));
    await waitFor(() => expect(db.rules.find((r) => r.id === 'rule-default')?.enabled).toBe(true));
  });

  it('shows the rule enabled again when the server refuses a disable', async () => {
    server.use(http.post('/api/v1/rules/:id/disable', () => problem(500, 'The store is down')));
    const { user } = renderRules('SecurityAdmin', '/rules?selected=rule-default');
    await screen.findByRole('grid', { name: 'Security rules' });
    await user.click(screen.getByRole('button', { name: 'Disable' }));
    const row = () => screen.getByRole('row', { name: /Default: High or Critical/ });
    await waitFor(() => expect(within(row()).getByText('Enabled')).toBeInTheDocument());
    expect(await screen.findByRole('button', { name: 'Disable' })).toBeEnabled();
    expect(db.rules.find((r) => r.id === 'rule-default')?.enabled).toBe(true);
  });

  it('shows readers everything but disables write actions with the role tooltip', async () => {
    const { user } = renderRules('SecurityReader', '/rules?selected=rule-default');
    await screen.findByRole('grid', { name: 'Security rules' });
    expect(within(rulesGrid()).getAllByRole('row')).toHaveLength(3);
    for (const name of ['Add rule', 'Edit', 'Disable', 'Delete']) {
      expect(screen.getByRole('button', { name })).toHaveAttribute('aria-disabled', 'true');
    }
    expect(screen.getByRole('link', { name: 'Export YAML' })).toHaveAttribute(
      'href',
      '/api/v1/rules/export?format=yaml',
    );
    await user.hover(screen.getByRole('button', { name: 'Add rule' }));
    expect(screen.getByRole('button', { name: 'Add rule' })).toHaveAccessibleDescription(
      'Requires the Security Admin role',
    );
    await user.click(screen.getByRole('button', { name: 'Add rule' }));
    expect(screen.queryByRole('form')).not.toBeInTheDocument();
  });

  it('tells what to do next when there are no rules', async () => {
    db.rules = [];
    renderRules();
    expect(await screen.findByText('No security rules yet')).toBeInTheDocument();
    expect(screen.getByText(/Start with Audit/)).toBeInTheDocument();
  });
});
