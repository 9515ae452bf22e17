import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '@/testing/render';
import { db, makeRule } from '@/testing/msw/handlers';
import { renderWithProviders } from '@/testing/render';
import SecurityRulesRoutes from './security-rules-routes';

const renderRules = (route = '/rules') =>
  renderWithProviders(<SecurityRulesRoutes />, { route, path: '/rules/*' });

const doc = (rules: string) => `apiVersion: gated.dev/v1\nkind: SecurityRuleList\nrules:\n${rules}`;
const yamlRule = (name: string, action = 'Deny') =>
  `  - name: ${name}\n    action: ${action}\n    scope: { name: all }\n    conditions: { cveIds: [CVE-2024-3094] }\n`;

describe('rules at scale', () => {
  it('previews an import per rule, refuses to commit with one refused rule, then imports', async () => {
    const { user } = renderRules();
    await screen.findByRole('grid', { name: 'Security rules' });
    await user.click(screen.getByRole('button', { name: 'Import' }));
    const dialog = await screen.findByRole('dialog', { name: 'Import rules' });
    const textbox = within(dialog).getByRole('textbox', { name: /Rules document/ });
    // user.type would read "{" as a key descriptor; paste the document as a user would.
    await user.click(textbox);
    await user.paste(doc(yamlRule('Imported one') + yamlRule('Imported bad', 'Block')));
    await user.click(within(dialog).getByRole('button', { name: 'Preview' }));
    const table = await within(dialog).findByRole('table', { name: 'Import preview' });
    expect(within(table).getByRole('row', { name: /Imported one.*Create/ })).toBeInTheDocument();
    expect(within(table).getByRole('row', { name: /Imported bad.*Refused/ })).toHaveTextContent(
      'rules.1.action',
    );
    expect(within(dialog).getByRole('button', { name: 'Import' })).toBeDisabled();

    await user.clear(textbox);
    await user.paste(doc(yamlRule('Imported one') + yamlRule('Deny critical in production')));
    // The old preview no longer answers for the edited text.
    expect(within(dialog).queryByRole('table')).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Preview' }));
    const next = await within(dialog).findByRole('table', { name: 'Import preview' });
    expect(
      within(next).getByRole('row', { name: /Deny critical in production.*Change/ }),
    ).toHaveTextContent(/conditions/);
    await user.click(within(dialog).getByRole('button', { name: 'Import 2 rules' }));
    await waitFor(() => expect(db.rules.map((r) => r.name)).toContain('Imported one'));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('duplicates a rule into the wizard as "<name> (copy)", saved as a new rule', async () => {
    db.rules.push(makeRule({ id: 'rule-copy-taken', name: 'Deny critical in production (copy)' }));
    const { user, router } = renderRules('/rules?selected=rule-deny-critical');
    await screen.findByRole('grid', { name: 'Security rules' });
    await user.click(screen.getByRole('button', { name: 'Duplicate' }));
    const name = await screen.findByRole('textbox', { name: /Rule name/ });
    expect(name).toHaveValue('Deny critical in production (copy 2)');
    expect(router.state.location.search).toBe('?duplicate=rule-deny-critical');
    await user.click(screen.getByRole('tab', { name: '5. Review' }));
    // A copy of a Deny rule is a new Deny rule: its impact is acknowledged before the save.
    await user.click(await screen.findByRole('checkbox', { name: /I reviewed the impact/ }));
    await user.click(await screen.findByRole('button', { name: 'Add rule' }));
    await waitFor(() =>
      expect(db.rules.map((r) => r.name)).toContain('Deny critical in production (copy 2)'),
    );
    const copy = db.rules.find((r) => r.name === 'Deny critical in production (copy 2)');
    const source = db.rules.find((r) => r.id === 'rule-deny-critical');
    expect(copy?.id).not.toBe(source?.id);
    expect(copy?.scope).toEqual(source?.scope);
  });

  it('disables several selected rules in one action and deletes them after confirmation', async () => {
    const { user } = renderRules();
    await screen.findByRole('grid', { name: 'Security rules' });
    await user.click(screen.getByRole('checkbox', { name: 'Select Default: High or Critical' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select Deny critical in production' }));
    const bar = screen.getByRole('toolbar', { name: 'Selected rules' });
    expect(screen.getByRole('button', { name: 'Edit' })).toBeDisabled();
    await user.click(within(bar).getByRole('button', { name: 'Disable 2 rules' }));
    await waitFor(() => expect(db.rules.every((r) => !r.enabled)).toBe(true));

    await user.click(screen.getByRole('checkbox', { name: 'Select all rules' }));
    await user.click(await screen.findByRole('button', { name: 'Delete 2 rules' }));
    const confirm = await screen.findByRole('alertdialog', { name: 'Delete 2 rules?' });
    expect(db.rules).toHaveLength(2);
    await user.click(within(confirm).getByRole('button', { name: 'Delete 2 rules' }));
    await waitFor(() => expect(db.rules).toHaveLength(0));
  });

  it('lists exemptions ending within 7 days of the clock, with a badge on the navigation', async () => {
    // TEST_NOW is 21 November 2026, 13:00 UTC.
    db.rules.push(
      makeRule({
        id: 'rule-exempt',
        name: 'Payments deny',
        exemptions: [
          {
            type: 'Namespace',
            match: 'Equals',
            value: 'payments',
            validUntil: '2026-11-24',
            timeZone: 'UTC',
            reason: 'Patch rolls out Tuesday',
          },
          {
            type: 'Namespace',
            match: 'Equals',
            value: 'later',
            validUntil: '2026-12-20',
            timeZone: 'UTC',
          },
          {
            type: 'Namespace',
            match: 'Equals',
            value: 'gone',
            validUntil: '2026-11-01',
            timeZone: 'UTC',
          },
        ],
      }),
    );
    const { user } = renderApp({ route: '/rules' });
    const nav = await screen.findByRole('navigation', { name: 'Main navigation' });
    expect(await within(nav).findByLabelText('1 exemption expiring in 7 days')).toBeInTheDocument();
    await user.click(await screen.findByRole('link', { name: /Exemptions expiring in 7 days/ }));
    const table = await screen.findByRole('table', { name: 'Exemptions expiring in 7 days' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveTextContent('Payments deny');
    expect(rows[0]).toHaveTextContent('Namespace equals payments');
    expect(rows[0]).toHaveTextContent('Patch rolls out Tuesday');
    expect(rows[0]).toHaveTextContent('2026-11-24 (UTC)');
    expect(rows[0]).toHaveTextContent('in 3 days');
  });
});
