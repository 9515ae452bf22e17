// The Conditions step offers the conditions of docs/decisions/080 (fixable only, known exploited,
// EPSS at least, maximum report age), names the catalogue each reads, and saves them as the API
// expects; the rules page lists and imports the catalogues.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import epssCsv from '@catalogue-fixtures/epss_scores-2026-03-28.excerpt.csv?raw';
import kevJson from '@catalogue-fixtures/known_exploited_vulnerabilities.2025.02.25.excerpt.json?raw';
import { db } from '@/testing/msw/handlers';
import { renderWithProviders } from '@/testing/render';
import SecurityRulesRoutes from './security-rules-routes';
import { captureBodies, fillBasicsAndScope, next, onStep, section } from './testing/wizard-driver';

const renderAt = (route: string, role: 'SecurityAdmin' | 'SecurityReader' = 'SecurityAdmin') =>
  renderWithProviders(<SecurityRulesRoutes />, { route, path: '/rules/*', role });

async function setSpin(user: ReturnType<typeof renderAt>['user'], name: string, value: string) {
  const spin = screen.getByRole('spinbutton', { name });
  await user.clear(spin);
  await user.type(spin, value);
  await user.tab();
}

describe('rule wizard: conditions that match how teams decide', () => {
  it('offers fixable only, known exploited, EPSS and report age, and saves them', async () => {
    db.catalogues = [
      {
        kind: 'kev',
        title: 'CISA Known Exploited Vulnerabilities',
        version: '2025.02.25',
        publishedAt: '2025-02-25T20:33:53.367Z',
        entries: 1280,
        importedAt: '2026-12-01T10:00:00.000Z',
        importedBy: 'admin',
      },
    ];
    const bodies = captureBodies('post', '/rules');
    const { user } = renderAt('/rules/new');
    await onStep('Basics');
    await fillBasicsAndScope(user, 'Deny what we can fix');
    expect(
      await screen.findByText('Uses CISA KEV 2025.02.25 of 2025-02-25 (1,280 entries).'),
    ).toBeInTheDocument();
    expect(screen.getByText(/No FIRST EPSS catalogue is imported yet/)).toBeInTheDocument();

    const fixable = screen.getByRole('checkbox', { name: 'High: count only findings with a fix' });
    expect(fixable).toBeDisabled();
    await user.click(screen.getByRole('checkbox', { name: 'High or higher' }));
    await user.click(fixable);
    await user.click(screen.getByRole('checkbox', { name: /Known exploited/ }));
    await user.click(screen.getByRole('checkbox', { name: 'EPSS score at least' }));
    await setSpin(user, 'EPSS score (0 to 1)', '0.7');
    await user.click(screen.getByRole('checkbox', { name: 'Report older than a maximum age' }));
    await setSpin(user, 'Maximum report age (days)', '14');
    await next(user);
    await onStep('Exemptions');
    await next(user);

    await onStep('Review');
    expect(
      section('Rule summary').getByText(
        'Audit images in all cloud accounts, that have more than 0 fixable High-or-higher findings, a known exploited vulnerability (CISA KEV), an EPSS score of at least 0.7 or a scan report older than 14 days.',
      ),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Add rule' }));
    await waitFor(() => expect(bodies).toHaveLength(1));
    expect(bodies[0]).toMatchObject({
      conditions: {
        severityThresholds: [{ severity: 'High', maxAllowed: 0, fixableOnly: true }],
        cveIds: [],
        knownExploited: true,
        epssAtLeast: 0.7,
        maxReportAgeDays: 14,
      },
    });
  }, 60_000);

  it('each new condition alone is a condition; an EPSS score above 1 is refused inline', async () => {
    const { user } = renderAt('/rules/new');
    await onStep('Basics');
    await fillBasicsAndScope(user);
    await user.click(screen.getByRole('checkbox', { name: 'EPSS score at least' }));
    await setSpin(user, 'EPSS score (0 to 1)', '1.5');
    await next(user);
    expect(await screen.findByText('Enter a score between 0 and 1')).toBeInTheDocument();
    await setSpin(user, 'EPSS score (0 to 1)', '0.5');
    await next(user);
    await onStep('Exemptions');
  }, 60_000);
});

describe('threat catalogues panel', () => {
  it('shows what is imported and imports the files as CISA and FIRST publish them', async () => {
    const { user } = renderAt('/rules');
    const panel = within(await screen.findByRole('region', { name: 'Threat catalogues' }));
    expect(await panel.findAllByText('Not imported')).toHaveLength(2);
    await user.upload(
      panel.getByLabelText('CISA Known Exploited Vulnerabilities file'),
      new File([kevJson], 'known_exploited_vulnerabilities.json', { type: 'application/json' }),
    );
    expect(await panel.findByText('Imported 3 entries of 2025-02-25.')).toBeInTheDocument();
    expect(await panel.findByText('2025.02.25')).toBeInTheDocument();
    await user.upload(
      panel.getByLabelText('FIRST EPSS scores file'),
      new File([epssCsv], 'epss_scores-2026-03-28.csv', { type: 'text/csv' }),
    );
    expect(await panel.findByText('v2025.03.14')).toBeInTheDocument();
    expect(panel.getByText('2026-03-28')).toBeInTheDocument();
  }, 60_000);

  it('readers see the catalogues but cannot import', async () => {
    renderAt('/rules', 'SecurityReader');
    const panel = within(await screen.findByRole('region', { name: 'Threat catalogues' }));
    const button = await panel.findByRole('button', { name: 'Import KEV' });
    expect(button).toHaveAttribute('aria-disabled', 'true');
  }, 60_000);
});
