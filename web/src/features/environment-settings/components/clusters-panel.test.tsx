import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { db } from '@/testing/msw/handlers';
import { renderApp } from '@/testing/render';

describe('clusters panel', () => {
  it('clips a long policy revision inside its cell and keeps the full value readable', async () => {
    const revision = `rev-${'0123456789abcdef'.repeat(4)}`;
    const cluster = db.clusters.find((c) => c.id === 'cluster-1');
    if (!cluster) throw new Error('the mock data has no cluster-1');
    cluster.policyRevision = revision;
    renderApp({ route: '/environments?env=env-1' });

    const table = await screen.findByRole('table', { name: 'Clusters' });
    const row = within(table).getByRole('row', { name: /aks-prod-1/ });
    const shown = within(row).getByText(revision);
    // The whole token is in the text (screen readers, copy) and in the title (hover); CSS clips it.
    expect(shown).toHaveAttribute('title', revision);
    expect(shown.closest('td')).not.toContainElement(
      within(row).getByRole('button', { name: 'Remove cluster aks-prod-1' }),
    );
    // A cluster whose gate never reported shows a dash, not an empty clipped box.
    const silent = within(table).getByRole('row', { name: /aks-staging/ });
    expect(within(silent).getAllByText('—').length).toBeGreaterThan(0);
  });
});
