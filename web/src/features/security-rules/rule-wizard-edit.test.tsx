import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { http } from 'msw';
import { db, makeRule, problem } from '@/testing/msw/handlers';
import { server } from '@/testing/msw/server';
import { renderWithProviders } from '@/testing/render';
import SecurityRulesRoutes from './security-rules-routes';
import { captureBodies, onStep, section } from './testing/wizard-driver';

const SLOW = 60_000;

const renderEdit = (id: string, role: 'SecurityAdmin' | 'SecurityReader' = 'SecurityAdmin') =>
  renderWithProviders(<SecurityRulesRoutes />, {
    route: `/rules/${id}/edit`,
    path: '/rules/*',
    role,
  });

/** Someone else saves a newer revision while the wizard is open. */
function theyChange(id: string, changes: { description: string }) {
  const rule = db.rules.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  Object.assign(rule, changes, { revision: rule.revision + 1, updatedBy: 'alice' });
}

async function renameTo(user: ReturnType<typeof renderEdit>['user'], name: string) {
  const input = await screen.findByRole('textbox', { name: /Rule name/ });
  await user.clear(input);
  await user.type(input, name);
}

const saveChanges = () => screen.getByRole('button', { name: 'Save changes' });

describe('rule wizard: editing a rule', () => {
  it(
    'round-trips a time-bound exemption with its zone: shown after reload, saved unchanged',
    async () => {
      db.rules.push(
        makeRule({
          id: 'rule-tb',
          name: 'Time-bound',
          exemptions: [
            {
              type: 'Namespace',
              match: 'StartsWith',
              value: 'legacy-',
              validUntil: '2026-12-31',
              timeZone: 'Pacific/Auckland',
              ticket: 'SEC-7',
            },
          ],
        }),
      );
      const bodies = captureBodies('put', '/rules/rule-tb');
      const { user, unmount } = renderEdit('rule-tb');
      await user.click(await screen.findByRole('tab', { name: '4. Exemptions' }));
      await onStep('Exemptions');
      expect(await screen.findByRole('combobox', { name: /Valid until/ })).toHaveValue(
        '2026-12-31',
      );
      expect(screen.getByRole('combobox', { name: /Time zone/ })).toHaveValue('Pacific/Auckland');
      expect(screen.getByRole('switch', { name: 'Time-bound' })).toBeChecked();
      await user.click(saveChanges());
      await waitFor(() => expect(bodies).toHaveLength(1));
      expect(bodies[0]).toMatchObject({
        exemptions: [
          {
            type: 'Namespace',
            match: 'StartsWith',
            value: 'legacy-',
            validUntil: '2026-12-31',
            timeZone: 'Pacific/Auckland',
            ticket: 'SEC-7',
          },
        ],
      });
      unmount();

      const again = renderEdit('rule-tb');
      await again.user.click(await screen.findByRole('tab', { name: '4. Exemptions' }));
      expect(await screen.findByRole('combobox', { name: /Valid until/ })).toHaveValue(
        '2026-12-31',
      );
      expect(screen.getByRole('combobox', { name: /Time zone/ })).toHaveValue('Pacific/Auckland');
    },
    SLOW,
  );

  it(
    'sends If-Match and, on 412, reloads their version when asked',
    async () => {
      const { user, router } = renderEdit('rule-default');
      await renameTo(user, 'My name');
      theyChange('rule-default', { description: 'Their description' });
      await user.click(saveChanges());
      const dialog = await screen.findByRole('alertdialog', { name: 'Changed by someone else' });
      expect(within(dialog).getByText(/Changed by alice/)).toBeInTheDocument();
      await user.click(within(dialog).getByRole('button', { name: 'Reload theirs' }));
      await waitFor(() =>
        expect(screen.getByRole('textbox', { name: /Rule name/ })).toHaveValue(
          'Default: High or Critical',
        ),
      );
      expect(screen.getByRole('textbox', { name: /Description/ })).toHaveValue('Their description');

      await renameTo(user, 'My name');
      await user.click(saveChanges());
      await waitFor(() => expect(router.state.location.pathname).toBe('/rules'));
      expect(db.rules.find((r) => r.id === 'rule-default')).toMatchObject({
        name: 'My name',
        description: 'Their description',
        revision: 3,
      });
    },
    SLOW,
  );

  it(
    'on 412, overwrite re-applies my changed fields on their latest revision',
    async () => {
      const bodies = captureBodies('put', '/rules/rule-default');
      const { user, router } = renderEdit('rule-default');
      await renameTo(user, 'Mine wins');
      theyChange('rule-default', { description: 'Kept from them' });
      await user.click(saveChanges());
      const dialog = await screen.findByRole('alertdialog', { name: 'Changed by someone else' });
      await user.click(within(dialog).getByRole('button', { name: 'Overwrite with my changes' }));
      await waitFor(() => expect(router.state.location.pathname).toBe('/rules'));
      expect(bodies).toHaveLength(2);
      expect(bodies[1]).toMatchObject({ name: 'Mine wins', description: 'Kept from them' });
      expect(db.rules.find((r) => r.id === 'rule-default')).toMatchObject({
        name: 'Mine wins',
        description: 'Kept from them',
      });
    },
    SLOW,
  );

  it(
    'shows readers the rule read-only: controls disabled, save disabled with the role tooltip',
    async () => {
      const { user } = renderEdit('rule-deny-critical', 'SecurityReader');
      const name = await screen.findByRole('textbox', { name: /Rule name/ });
      expect(name).toHaveValue('Deny critical in production');
      expect(name).toBeDisabled();
      expect(screen.getByRole('radio', { name: /^Deny/ })).toBeDisabled();
      expect(
        screen.getByText(/Changing rules requires the Security Admin role/),
      ).toBeInTheDocument();
      expect(saveChanges()).toHaveAttribute('aria-disabled', 'true');
      expect(saveChanges()).toHaveAccessibleDescription('Requires the Security Admin role');
      await user.click(screen.getByRole('tab', { name: '2. Scope' }));
      expect(await screen.findByRole('textbox', { name: /Scope name/ })).toBeDisabled();
    },
    SLOW,
  );

  it(
    'shows the review with the impact preview, its failure message and a retry',
    async () => {
      let fail = true;
      server.use(
        http.post('/api/v1/rules/preview', () =>
          fail ? problem(500, 'The replay failed') : undefined,
        ),
      );
      const { user } = renderEdit('rule-deny-critical');
      await user.click(await screen.findByRole('tab', { name: '5. Review' }));
      await onStep('Review');
      expect(
        section('Rule summary').getByText(
          /^Deny images in Contoso production, in namespaces starting with shop/,
        ),
      ).toBeInTheDocument();
      expect(
        await section('Impact preview').findByText('The impact preview failed'),
      ).toBeInTheDocument();
      fail = false;
      await user.click(section('Impact preview').getByRole('button', { name: 'Try again' }));
      expect(await section('Impact preview').findByText('would be denied')).toBeInTheDocument();
    },
    SLOW,
  );
});
