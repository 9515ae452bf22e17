import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { admissionsKeys, controlPlaneLivenessQueryOptions } from '@/api/admissions';
import { db, makeAdmissionEvent } from '@/testing/msw/handlers';
import { server } from '@/testing/msw/server';
import { renderApp } from '@/testing/render';

const dataRows = async () => {
  const table = await screen.findByRole('table', { name: 'Admission events' });
  // Row 1 is the header row.
  return within(table)
    .getAllByRole('row')
    .filter((r) => r.getAttribute('aria-rowindex') !== '1');
};

/** What the status line says: rows (folded events) and the admissions they count, as the chart does. */
const summary = (events: { count: number }[]) =>
  `${events.length} events · ${events.reduce((n, e) => n + e.count, 0).toLocaleString()} admissions`;

describe('Admission monitoring', () => {
  it('shows events newest first with decision, rule and worst CVE', async () => {
    renderApp({ route: '/admissions' });
    const rows = await dataRows();
    expect(rows.length).toBeGreaterThan(5);
    const newest = db.admissions[0];
    expect(
      within(rows[0] as HTMLElement).getByRole('link', { name: `${newest?.kind}/${newest?.name}` }),
    ).toBeInTheDocument();
    expect(await screen.findByText(summary(db.admissions))).toBeInTheDocument();
    expect(screen.getAllByText('Denied').length).toBeGreaterThan(0);
    expect(screen.getByRole('link', { name: 'Export CSV' })).toHaveAttribute(
      'href',
      expect.stringContaining('/api/v1/admissions/export.csv?from=') as string,
    );
  });

  it('keeps filters in the URL and applies them to the list, the chart and the export', async () => {
    const { user, router } = renderApp({ route: '/admissions' });
    await dataRows();
    await user.click(
      within(screen.getByRole('group', { name: 'Decision' })).getByRole('button', {
        name: 'Denied',
      }),
    );
    await waitFor(() => expect(router.state.location.search).toContain('decision=Deny'));
    const deniedEvents = db.admissions.filter((e) => e.decision === 'Deny');
    const denied = deniedEvents.reduce((n, e) => n + e.count, 0);
    expect(await screen.findByText(summary(deniedEvents))).toBeInTheDocument();
    expect(screen.getByLabelText(`Denied: ${denied}`)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Export CSV' })).toHaveAttribute(
      'href',
      expect.stringContaining('decision=Deny') as string,
    );

    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'payments');
    await waitFor(() => expect(router.state.location.search).toContain('q=payments'));
    const expected = db.admissions.filter(
      (e) => e.decision === 'Deny' && e.namespace === 'payments',
    );
    expect(await screen.findByText(summary(expected))).toBeInTheDocument();
    for (const row of await dataRows()) expect(row).toHaveTextContent('payments');
  });

  it('restores filters from a deep link', async () => {
    renderApp({ route: '/admissions?decision=Audit&namespace=shop&range=30d' });
    const decisions = await screen.findByRole('group', { name: 'Decision' });
    expect(within(decisions).getByRole('button', { name: 'Audited' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(within(decisions).getByRole('button', { name: 'Denied' })).toHaveAttribute(
      'aria-pressed',
      'false',
    );
    expect(screen.getByRole('combobox', { name: 'Time range' })).toHaveValue('30d');
    expect(screen.getByRole('textbox', { name: 'Namespace' })).toHaveValue('shop');
    const rows = await dataRows();
    for (const row of rows) expect(row).toHaveTextContent('Audited');
  });

  it('opens the details drawer with the full trace at /admissions/:eventId and links to the rule', async () => {
    const denied = db.admissions.find((e) => e.decision === 'Deny');
    if (!denied) throw new Error('seed has a denied event');
    const { user, router } = renderApp({ route: '/admissions?decision=Deny' });
    const rows = await dataRows();
    await user.click(within(rows[0] as HTMLElement).getByRole('link'));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/admissions/${denied.id}`));
    expect(router.state.location.search).toContain('decision=Deny');

    const drawer = await screen.findByRole('dialog', { name: `${denied.kind}/${denied.name}` });
    // The grid stays usable beside the (non-modal) drawer.
    expect(screen.getByRole('table', { name: 'Admission events' })).toBeInTheDocument();
    expect(
      await within(drawer).findByRole('heading', { name: 'Evaluation trace' }),
    ).toBeInTheDocument();
    const image = denied.trace.images[0];
    expect(
      within(drawer).getByRole('article', { name: `Image ${image?.reference}` }),
    ).toBeInTheDocument();
    expect(
      within(drawer).getByRole('table', { name: `Worst findings of ${image?.reference}` }),
    ).toHaveTextContent('3.0.13');
    expect(within(drawer).getByText('Triggered')).toBeInTheDocument();
    expect(within(drawer).getByRole('list', { name: /Why .* triggered/ })).toHaveTextContent(
      'Critical findings > 0 allowed',
    );
    const tested = image?.rules[0]?.rule;
    const ruleLink = within(drawer).getByRole('link', { name: tested?.name });
    expect(ruleLink).toHaveAttribute('href', `/rules/${tested?.id}/edit`);

    await user.click(within(drawer).getByRole('button', { name: 'Close details' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/admissions'));
    expect(router.state.location.search).toContain('decision=Deny');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('marks new events instead of inserting them while the user reads', async () => {
    const { user, queryClient } = renderApp({ route: '/admissions' });
    await dataRows();
    const before = summary(db.admissions);
    expect(await screen.findByText(before)).toBeInTheDocument();
    db.admissions.unshift(
      makeAdmissionEvent({ time: new Date().toISOString(), name: 'brand-new', decision: 'Deny' }),
    );
    await queryClient.refetchQueries({ queryKey: admissionsKeys.newerAll() });
    const marker = await screen.findByRole('button', { name: '1 new event, show' });
    expect(screen.getByText(before)).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Deployment/brand-new' })).not.toBeInTheDocument();
    await user.click(marker);
    expect(await screen.findByRole('link', { name: 'Deployment/brand-new' })).toBeInTheDocument();
    expect(await screen.findByText(summary(db.admissions))).toBeInTheDocument();
  });

  it('is available read-only to a reader', async () => {
    renderApp({ route: '/admissions', role: 'SecurityReader' });
    expect((await dataRows()).length).toBeGreaterThan(0);
    expect(screen.getByText('Security Reader')).toBeInTheDocument();
  });
});

describe('Admission monitoring truth', () => {
  it('opens the event a repeat was folded into, with its count and both times', async () => {
    const foldedId = '7b0f5a52-8c1e-4d7e-9a40-3f1f2f0c1a99';
    const target = makeAdmissionEvent({
      name: 'repeating',
      decision: 'Deny',
      count: 160,
      time: new Date(Date.now() - 12 * 60_000).toISOString(),
      lastSeenAt: new Date().toISOString(),
      foldedIds: [foldedId],
    });
    db.admissions.unshift(target);
    renderApp({ route: `/admissions/${foldedId}` });
    const drawer = await screen.findByRole('dialog');
    expect(await within(drawer).findByText(/repeated this decision/)).toBeInTheDocument();
    expect(within(drawer).getByText('160')).toBeInTheDocument();
    expect(within(drawer).getByText('First seen')).toBeInTheDocument();
    expect(within(drawer).getByText('Last seen')).toBeInTheDocument();
  });

  it('says Live while the control plane answers, and Connection lost when it stops', async () => {
    const { queryClient } = renderApp({ route: '/admissions' });
    expect(await screen.findByRole('status', { name: 'Updates: Live' })).toBeInTheDocument();
    server.use(http.get('/api/v1/health', () => HttpResponse.error()));
    await queryClient.refetchQueries({ queryKey: controlPlaneLivenessQueryOptions(true).queryKey });
    expect(
      await screen.findByRole('status', { name: /^Updates: Connection lost/ }),
    ).toBeInTheDocument();
    server.resetHandlers();
    await queryClient.refetchQueries({ queryKey: controlPlaneLivenessQueryOptions(true).queryKey });
    expect(await screen.findByRole('status', { name: 'Updates: Live' })).toBeInTheDocument();
  });
});
