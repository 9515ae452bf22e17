import { screen, within } from '@testing-library/react';
import type { AuditEntry } from '@gated/shared';
import { describe, expect, it } from 'vitest';
import { TEST_NOW } from '@/testing/clock';
import { expectNoSeriousA11yViolations } from '@/testing/axe';
import { db } from '@/testing/msw/handlers';
import { renderApp } from '@/testing/render';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const rule = { id: 'rule-deny-critical', name: 'Deny critical in production', action: 'Deny' };

function arrange(): void {
  const entries: AuditEntry[] = [
    {
      id: 'a3',
      at: iso(TEST_NOW - 1000),
      actor: 'admin',
      action: 'rule.update',
      resourceType: 'rule',
      resourceId: rule.id,
      before: { ...rule, action: 'Audit' },
      after: rule,
    },
    {
      id: 'a2',
      at: iso(TEST_NOW - 2 * DAY),
      actor: 'alice',
      action: 'environment.update',
      resourceType: 'environment',
      resourceId: 'env-1',
      before: { name: 'Contoso' },
      after: { name: 'Contoso production' },
    },
    {
      id: 'a1',
      at: iso(TEST_NOW - 5 * DAY),
      actor: 'admin',
      action: 'rule.create',
      resourceType: 'rule',
      resourceId: rule.id,
      before: null,
      after: { ...rule, action: 'Audit' },
    },
  ];
  db.audit.push(...entries);
}

const rows = async () => {
  const table = await screen.findByRole('table', { name: 'Audit log' });
  return within(table).getAllByRole('row').slice(1);
};

describe('Audit log', () => {
  it('lists who changed what and when, with the diff, read-only for a reader', async () => {
    arrange();
    renderApp({ route: '/audit-log', role: 'SecurityReader' });
    const [first, second, third] = await rows();
    expect(first).toHaveTextContent('admin');
    expect(first).toHaveTextContent('rule.update');
    expect(first).toHaveTextContent('action: Audit → Deny');
    expect(
      within(first as HTMLElement).getByRole('link', { name: /Deny critical in production/ }),
    ).toHaveAttribute('href', '/rules/rule-deny-critical/details');
    expect(second).toHaveTextContent('name: Contoso → Contoso production');
    expect(third).toHaveTextContent('Created');
    expect(screen.getByRole('link', { name: 'Audit log' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /delete|edit/i })).toBeNull();
  });

  it('filters by actor, action prefix and day range, keeping the filters in the URL', async () => {
    arrange();
    const { user, router } = renderApp({ route: '/audit-log', role: 'SecurityReader' });
    expect(await rows()).toHaveLength(3);
    await user.type(screen.getByRole('textbox', { name: 'Actor' }), 'admin');
    await user.type(screen.getByRole('textbox', { name: /^Action/ }), 'rule.');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(router.state.location.search).toBe('?actor=admin&action=rule.');
    await screen.findByText('2 entries shown');
    await user.click(screen.getByRole('button', { name: 'Clear' }));
    await screen.findByText('3 entries shown');
    // Only the last three days (the to day is included whole).
    const today = iso(TEST_NOW).slice(0, 10);
    const threeDaysAgo = iso(TEST_NOW - 3 * DAY).slice(0, 10);
    await router.navigate(`/audit-log?from=${threeDaysAgo}&to=${today}`);
    await screen.findByText('2 entries shown');
    await router.navigate('/audit-log?target=env-1');
    await screen.findByText('1 entry shown');
  });

  it('says so when nothing matches, and has no serious accessibility violations', async () => {
    renderApp({ route: '/audit-log?actor=nobody', role: 'SecurityReader' });
    expect(await screen.findByText('No changes match')).toBeInTheDocument();
    await expectNoSeriousA11yViolations();
  }, 60_000);
});
