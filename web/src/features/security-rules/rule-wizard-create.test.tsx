import { screen, waitFor, within } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { problem } from '@/testing/msw/handlers';
import { server } from '@/testing/msw/server';
import { renderWithProviders } from '@/testing/render';
import SecurityRulesRoutes from './security-rules-routes';
import {
  captureBodies,
  choose,
  fillBasicsAndScope,
  next,
  onStep,
  section,
} from './testing/wizard-driver';

const renderWizard = () =>
  renderWithProviders(<SecurityRulesRoutes />, { route: '/rules/new', path: '/rules/*' });

describe('rule wizard: adding a rule', () => {
  it('refuses what the schema refuses, step by step, with the schema messages inline', async () => {
    const { user } = renderWizard();
    await onStep('Basics');
    await next(user);
    expect(await screen.findByText('Give the rule a name')).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: /Rule name/ }), 'Label rule');
    await next(user);

    await onStep('Scope');
    await next(user);
    expect(await screen.findByText('Give the scope a name')).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: /Scope name/ }), 'Web');
    await user.click(screen.getByRole('button', { name: 'Add resource condition' }));
    await choose(user, 'Match 1', 'Starts with');
    await choose(user, 'Resource 1', 'Label selector');
    await user.type(screen.getByRole('textbox', { name: 'Value 1' }), 'app=web');
    await next(user);
    expect(
      await screen.findByText('A label selector only supports Equals or Not equals'),
    ).toBeInTheDocument();
    await choose(user, 'Match 1', 'Not equals');
    await next(user);

    await onStep('Conditions');
    await next(user);
    expect(
      await screen.findByText(/^Add at least one condition: a severity threshold, a CVE id/),
    ).toBeInTheDocument();
    await user.type(
      screen.getByRole('combobox', { name: 'Add vulnerability ids' }),
      'CVE-24-1{Enter}',
    );
    await waitFor(() =>
      expect(screen.queryByText(/Add at least one condition/)).not.toBeInTheDocument(),
    );
    await next(user);
    expect(await screen.findByText(/Use the form CVE-YYYY-NNNN/)).toBeInTheDocument();
    await user.click(screen.getByRole('option', { name: /CVE-24-1/ }));
    await user.type(
      screen.getByRole('combobox', { name: 'Add vulnerability ids' }),
      'CVE-2024-3094{Enter}',
    );
    await next(user);

    await onStep('Exemptions');
    await user.click(screen.getByRole('button', { name: 'Add exemption' }));
    await user.type(screen.getByRole('textbox', { name: /^Value/ }), 'dev');
    await user.click(screen.getByRole('switch', { name: 'Time-bound' }));
    await next(user);
    expect(
      await screen.findByText('Choose the last day the exemption applies'),
    ).toBeInTheDocument();
    await onStep('Exemptions');
  }, 60_000);

  it('saves what it accepts: the request body is the rule, time-bound exemption with its zone included', async () => {
    const bodies = captureBodies('post', '/rules');
    const { user, router } = renderWizard();
    await onStep('Basics');
    await fillBasicsAndScope(user);
    await user.click(screen.getByRole('checkbox', { name: 'Critical' }));
    await user.click(screen.getByRole('switch', { name: /without a scan report/ }));
    await next(user);
    await onStep('Exemptions');
    await user.click(screen.getByRole('button', { name: 'Add exemption' }));
    await choose(user, 'Type', 'CVE');
    await user.type(screen.getByRole('textbox', { name: /^Value/ }), 'CVE-2021-44228');
    await user.type(screen.getByRole('textbox', { name: /^Reason/ }), 'Not reachable');
    await user.click(screen.getByRole('switch', { name: 'Time-bound' }));
    const date = await screen.findByRole('combobox', { name: /Valid until/ });
    await user.type(date, '2026-12-31');
    await user.tab();
    const zone = screen.getByRole('combobox', { name: /Time zone/ });
    await user.clear(zone);
    await user.type(zone, 'Tokyo');
    await user.click(await screen.findByRole('option', { name: 'Asia/Tokyo' }));
    await next(user);

    await onStep('Review');
    expect(
      section('Rule summary').getByText(
        /^Audit images in all cloud accounts, that have more than 0 Critical findings or no scan report, except CVE equals CVE-2021-44228 until 2026-12-31 \(Asia\/Tokyo\)\.$/,
      ),
    ).toBeInTheDocument();
    expect(section('Rule as YAML').getByText(/timeZone: Asia\/Tokyo/)).toBeInTheDocument();
    expect(section('Rule as YAML').queryByText(/description:/)).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Add rule' }));

    await waitFor(() => expect(bodies).toHaveLength(1));
    expect(bodies[0]).toEqual({
      name: 'Block critical in prod',
      action: 'Audit',
      enabled: true,
      scope: { name: 'Production', cloudScopes: [], resourceConditions: [] },
      conditions: { severityThresholds: [{ severity: 'Critical', maxAllowed: 0 }], cveIds: [] },
      blockUnscanned: true,
      exemptions: [
        {
          type: 'CVE',
          match: 'Equals',
          value: 'CVE-2021-44228',
          validUntil: '2026-12-31',
          timeZone: 'Asia/Tokyo',
          reason: 'Not reachable',
        },
      ],
    });
    await waitFor(() => expect(router.state.location.pathname).toBe('/rules'));
    expect(router.state.location.search).toMatch(/selected=rule-/);
  }, 60_000);

  it('warns about deny latency, quoting the gates measured p99', async () => {
    const { user } = renderWizard();
    await onStep('Basics');
    expect(screen.queryByText('Deny adds deployment latency')).not.toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: /^Deny/ }));
    expect(await screen.findByText('Deny adds deployment latency')).toBeInTheDocument();
    expect(await screen.findByText(/within 12 ms at p99/)).toBeInTheDocument();
  }, 60_000);

  it('shows the impact preview for the draft and switches to 30 days', async () => {
    const previews = captureBodies('post', '/rules/preview');
    const { user } = renderWizard();
    await onStep('Basics');
    await user.click(screen.getByRole('radio', { name: /^Deny/ }));
    await fillBasicsAndScope(user);
    await user.click(screen.getByRole('checkbox', { name: 'High or higher' }));
    await next(user);
    await next(user);
    await onStep('Review');
    const preview = section('Impact preview');
    const counts = within(await preview.findByRole('group', { name: 'Impact counts' }));
    expect(counts.getByText('would be denied')).toBeInTheDocument();
    expect(await preview.findByRole('table', { name: 'Example admissions' })).toBeInTheDocument();
    expect(preview.getAllByText('Deny').length).toBeGreaterThan(0);
    await user.click(preview.getByRole('button', { name: 'Last 30 days' }));
    await waitFor(() =>
      expect(previews.at(-1)).toMatchObject({ days: 30, rule: { action: 'Deny' } }),
    );
  }, 60_000);

  it('puts server field errors back on their fields and step', async () => {
    server.use(
      http.post('/api/v1/rules', () =>
        problem(409, 'A rule with this name exists', [
          { path: 'name', message: 'A rule with this name already exists' },
        ]),
      ),
    );
    const { user } = renderWizard();
    await onStep('Basics');
    await fillBasicsAndScope(user, 'Default: High or Critical');
    await user.click(screen.getByRole('checkbox', { name: 'Critical' }));
    await next(user);
    await next(user);
    await onStep('Review');
    await user.click(screen.getByRole('button', { name: 'Add rule' }));
    await onStep('Basics');
    expect(await screen.findByText('A rule with this name already exists')).toBeInTheDocument();
  }, 60_000);
});
