import { screen, within } from '@testing-library/react';
import type { AuditEntry, Rule } from '@gated/shared';
import { describe, expect, it } from 'vitest';
import { TEST_NOW } from '@/testing/clock';
import { expectNoSeriousA11yViolations } from '@/testing/axe';
import { db, makeAdmissionEvent, makeRule } from '@/testing/msw/handlers';
import { renderApp } from '@/testing/render';

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const day = (offsetDays: number) => iso(TEST_NOW + offsetDays * 86_400_000).slice(0, 10);

/** A rule with one exemption per expiry state (relative to the tests' clock) and some activity. */
function arrange(): Rule {
  const rule = makeRule({
    id: 'rule-details',
    name: 'Deny xz backdoor',
    action: 'Deny',
    conditions: {
      severityThresholds: [{ severity: 'Critical', maxAllowed: 0 }],
      cveIds: ['CVE-2024-3094'],
    },
    scope: {
      name: 'Production',
      cloudScopes: ['env-1'],
      resourceConditions: [{ kind: 'Namespace', match: 'StartsWith', value: 'shop' }],
    },
    exemptions: [
      { type: 'Namespace', match: 'Equals', value: 'dev', validUntil: day(30), timeZone: 'UTC' },
      { type: 'Pod', match: 'StartsWith', value: 'debug-', validUntil: day(2), timeZone: 'UTC' },
      {
        type: 'CVE',
        match: 'Equals',
        value: 'CVE-2023-0001',
        validUntil: day(-3),
        timeZone: 'UTC',
      },
    ],
  });
  db.rules.push(rule);
  const ref = { id: rule.id, name: rule.name, action: rule.action };
  const other = { id: 'rule-default', name: 'Default: High or Critical', action: 'Audit' as const };
  db.admissions.unshift(
    makeAdmissionEvent({
      decision: 'Deny',
      time: iso(TEST_NOW - HOUR),
      count: 4,
      decidingRule: ref,
      triggeredRules: [ref],
    }),
    makeAdmissionEvent({
      decision: 'Audit',
      time: iso(TEST_NOW - 2 * HOUR),
      count: 1,
      decidingRule: other,
      triggeredRules: [other, ref],
    }),
    makeAdmissionEvent({
      decision: 'Deny',
      time: iso(TEST_NOW - 72 * HOUR),
      count: 2,
      decidingRule: ref,
      triggeredRules: [ref],
    }),
  );
  const before = { ...rule, action: 'Audit', revision: 1 };
  const entry: AuditEntry = {
    id: 'audit-1',
    at: iso(TEST_NOW - 5 * HOUR),
    actor: 'admin',
    action: 'rule.update',
    resourceType: 'rule',
    resourceId: rule.id,
    before,
    after: { ...rule, revision: 2 },
  };
  db.audit.unshift(entry);
  return rule;
}

const counts = (label: string) => {
  const list = screen.getByRole('group', { name: label });
  return within(list)
    .getAllByRole('definition')
    .map((d) => d.textContent);
};

describe('Rule details', () => {
  it('reads the rule in plain language with its scope, for a reader', async () => {
    arrange();
    renderApp({ route: '/rules/rule-details/details', role: 'SecurityReader' });
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Deny xz backdoor' }),
    ).toBeVisible();
    expect(screen.getByTestId('rule-sentence')).toHaveTextContent(
      'Deny when an image has more than 0 Critical findings or CVE-2024-3094.',
    );
    expect(
      screen.getByText(/Applies in Contoso production, to namespaces starting with shop/),
    ).toBeInTheDocument();
    // Readers see no edit command.
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
  });

  it('opens from the rule name in the rules grid, for a reader (the row does not swallow the click)', async () => {
    arrange();
    const { user, router } = renderApp({ route: '/rules', role: 'SecurityReader' });
    const grid = await screen.findByRole('grid', { name: 'Security rules' });
    await user.click(within(grid).getByRole('link', { name: 'Deny xz backdoor' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Deny xz backdoor' }),
    ).toBeVisible();
    expect(router.state.location.pathname).toBe('/rules/rule-details/details');
  });

  it('marks each exemption active, expiring soon or expired against the clock', async () => {
    arrange();
    renderApp({ route: '/rules/rule-details/details', role: 'SecurityReader' });
    const table = await screen.findByRole('table', { name: 'Exemptions' });
    const state = (text: RegExp) =>
      within(within(table).getByRole('row', { name: text })).getAllByRole('cell')[2]?.textContent;
    expect(state(/Namespace equals dev/)).toBe('Active');
    expect(state(/Pod starts with debug-/)).toBe('Expiring soon');
    expect(state(/CVE equals CVE-2023-0001/)).toBe('Expired');
  });

  it('counts activity by decision for 24 h and 7 d, and links to monitoring filtered by the rule', async () => {
    arrange();
    const { user } = renderApp({ route: '/rules/rule-details/details', role: 'SecurityReader' });
    await screen.findByRole('group', { name: 'Admissions, Last 24 hours' });
    expect(counts('Admissions, Last 24 hours')).toEqual(['4', '1', '0']);
    expect(screen.getByText(/^4 decided by this rule/)).toBeInTheDocument();
    await user.click(screen.getByRole('tab', { name: 'Last 7 days' }));
    await screen.findByRole('group', { name: 'Admissions, Last 7 days' });
    expect(counts('Admissions, Last 7 days')).toEqual(['6', '1', '0']);
    expect(
      screen.getByRole('link', { name: 'Show these admissions in Admission monitoring' }),
    ).toHaveAttribute('href', '/admissions?rule=rule-details&range=7d');
  });

  it('shows the history with what changed', async () => {
    arrange();
    renderApp({ route: '/rules/rule-details/details' });
    const history = await screen.findByRole('list', { name: 'Rule history' });
    expect(within(history).getByText('Edited')).toBeInTheDocument();
    const changes = within(history).getByRole('list', { name: 'Changed fields' });
    expect(changes).toHaveTextContent('action: Audit → Deny');
    // Admins get the edit command.
    expect(screen.getByRole('button', { name: 'Edit' })).toBeInTheDocument();
  });

  it('says so when the rule does not exist', async () => {
    renderApp({ route: '/rules/rule-missing/details', role: 'SecurityReader' });
    expect(await screen.findByText('The rule failed to load')).toBeInTheDocument();
  });

  it('has no serious accessibility violations', async () => {
    arrange();
    renderApp({ route: '/rules/rule-details/details', role: 'SecurityReader' });
    await screen.findByRole('list', { name: 'Rule history' });
    await screen.findByRole('group', { name: 'Admissions, Last 24 hours' });
    await expectNoSeriousA11yViolations();
  }, 60_000);
});
