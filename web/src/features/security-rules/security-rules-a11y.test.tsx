import { screen } from '@testing-library/react';
import { describe, it } from 'vitest';
import { expectNoSeriousA11yViolations } from '@/testing/axe';
import { db, makeRule } from '@/testing/msw/handlers';
import { renderApp } from '@/testing/render';
import { onStep } from './testing/wizard-driver';

describe('security rules accessibility (axe: no serious or critical violations)', () => {
  it('the rules grid, as reader (disabled commands with tooltips)', async () => {
    renderApp({ route: '/rules?selected=rule-default', role: 'SecurityReader' });
    await screen.findByRole('grid', { name: 'Security rules' });
    await expectNoSeriousA11yViolations();
  }, 60_000);

  it('every wizard step of a full rule, and the review with its impact preview', async () => {
    db.rules.push(
      makeRule({
        id: 'rule-full',
        name: 'Everything',
        action: 'Deny',
        scope: {
          name: 'All',
          cloudScopes: ['env-1'],
          resourceConditions: [{ kind: 'LabelSelector', match: 'Equals', value: 'app=web' }],
        },
        conditions: {
          severityThresholds: [{ severity: 'High', maxAllowed: 2 }],
          cveIds: ['CVE-2024-3094'],
        },
        exemptions: [
          {
            type: 'Namespace',
            match: 'Equals',
            value: 'dev',
            validUntil: '2020-01-01',
            timeZone: 'UTC',
          },
        ],
      }),
    );
    const { user } = renderApp({ route: '/rules/rule-full/edit' });
    await onStep('Basics');
    await screen.findByText('Deny adds deployment latency');
    await expectNoSeriousA11yViolations();
    for (const [tab, step] of [
      ['2. Scope', 'Scope'],
      ['3. Conditions', 'Conditions'],
      ['4. Exemptions', 'Exemptions'],
      ['5. Review', 'Review'],
    ] as const) {
      await user.click(screen.getByRole('tab', { name: tab }));
      await onStep(step);
      if (step === 'Exemptions') await screen.findByRole('combobox', { name: /Valid until/ });
      if (step === 'Review') await screen.findByRole('group', { name: 'Impact counts' });
      await expectNoSeriousA11yViolations();
    }
  }, 90_000);
});
