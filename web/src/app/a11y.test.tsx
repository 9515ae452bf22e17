import { screen } from '@testing-library/react';
import { describe, it } from 'vitest';
import { db } from '@/testing/msw/handlers';
import { expectNoSeriousA11yViolations } from '@/testing/axe';
import { renderApp } from '@/testing/render';

describe('accessibility (axe-core: no serious or critical violations)', () => {
  it('sign-in', async () => {
    renderApp({ route: '/sign-in', role: null });
    await screen.findByRole('button', { name: 'Sign in' });
    await expectNoSeriousA11yViolations();
  });

  it('environment settings, as admin and as reader', async () => {
    const admin = renderApp({ route: '/environments?env=env-2' });
    await screen
      .findByRole('table', { name: 'Clusters' })
      .catch(() => screen.findByText('No clusters yet'));
    await expectNoSeriousA11yViolations();
    admin.unmount();
    renderApp({ route: '/environments', role: 'SecurityReader' });
    await screen.findByRole('table', { name: 'Clusters' });
    await expectNoSeriousA11yViolations();
  });

  it('admission monitoring with the details drawer open', async () => {
    const event = db.admissions.find((e) => e.decision === 'Deny');
    renderApp({ route: `/admissions/${event?.id ?? ''}` });
    await screen.findByRole('table', { name: 'Admission events' });
    await screen.findByRole('heading', { name: 'Evaluation trace' });
    await expectNoSeriousA11yViolations();
  });
});
