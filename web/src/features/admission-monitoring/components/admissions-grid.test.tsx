import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AdmissionListItem } from '@gated/shared';
import { makeAdmissionEvent } from '@/testing/msw/factories';
import { renderWithProviders } from '@/testing/render';
import { AdmissionsGrid } from './admissions-grid';

describe('AdmissionsGrid', () => {
  it('keeps only a window of rows in the DOM with 100,000 loaded rows', () => {
    const template = makeAdmissionEvent();
    const { trace: _trace, ...item } = template;
    const items: AdmissionListItem[] = Array.from({ length: 100_000 }, (_, i) => ({
      ...item,
      id: `e-${i}`,
      name: `web-${i}`,
    }));
    renderWithProviders(
      <AdmissionsGrid
        items={items}
        onOpen={() => undefined}
        hrefFor={(id) => `/admissions/${id}`}
      />,
    );
    const table = screen.getByRole('table', { name: 'Admission events' });
    expect(table).toHaveAttribute('aria-rowcount', '100001');
    const rendered = within(table).getAllByRole('row');
    expect(rendered.length).toBeLessThan(60);
    expect(within(table).getByRole('link', { name: 'Deployment/web-0' })).toBeInTheDocument();
    expect(
      within(table).queryByRole('link', { name: 'Deployment/web-99999' }),
    ).not.toBeInTheDocument();
  });

  it('shows the worst CVE as a severity badge above the id, the id in its own clipped line', () => {
    const { trace: _trace, ...item } = makeAdmissionEvent();
    const worstFinding = { id: 'CVE-2024-3094', severity: 'Critical' as const, package: 'xz' };
    renderWithProviders(
      <AdmissionsGrid
        items={[{ ...item, worstFinding }]}
        onOpen={() => undefined}
        hrefFor={(id) => `/admissions/${id}`}
      />,
    );
    const cell = screen.getByTitle('Critical CVE-2024-3094');
    expect(within(cell).getByText('Critical')).toBeInTheDocument();
    // Its own element (so it clips with an ellipsis), not text beside the badge.
    const id = within(cell).getByText('CVE-2024-3094');
    expect(within(id).queryByText('Critical')).not.toBeInTheDocument();
  });
});
