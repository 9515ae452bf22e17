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
});
