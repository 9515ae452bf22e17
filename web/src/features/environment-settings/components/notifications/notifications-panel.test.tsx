import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { db } from '@/testing/msw/handlers';
import { renderApp } from '@/testing/render';

const SECRET = 'a-signing-secret-1234';

describe('notifications section', () => {
  it('adds a signed webhook with the shared schema, never shows its secret, and sends a test', async () => {
    const { user } = renderApp({ route: '/environments?env=env-1' });
    await user.click(await screen.findByRole('button', { name: 'Add webhook' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add webhook' });

    await user.type(within(dialog).getByRole('textbox', { name: /Name/ }), 'SIEM');
    await user.type(within(dialog).getByRole('textbox', { name: /Receiver URL/ }), 'not a url');
    await user.click(within(dialog).getByRole('button', { name: 'Add' }));
    expect(await within(dialog).findByText('Enter an http(s) URL')).toBeInTheDocument();
    expect(
      within(dialog).getByText('Enter a secret of at least 16 characters'),
    ).toBeInTheDocument();

    const url = within(dialog).getByRole('textbox', { name: /Receiver URL/ });
    await user.clear(url);
    await user.type(url, 'https://siem.example.com/hooks/gated');
    await user.type(within(dialog).getByLabelText(/Signing secret/), SECRET);
    await user.type(
      within(dialog).getByRole('spinbutton', { name: /Exemptions expiring within/ }),
      '7',
    );
    await user.click(within(dialog).getByRole('checkbox', { name: 'Rule changes' }));
    await user.click(within(dialog).getByRole('button', { name: 'Add' }));

    const table = await screen.findByRole('table', { name: 'Notification channels' });
    expect(within(table).getByText('SIEM')).toBeInTheDocument();
    expect(
      within(table).getByText('Deny, rule changes, exemptions within 7 days'),
    ).toBeInTheDocument();
    expect(document.body.textContent).not.toContain(SECRET);
    expect(db.notifications.channels[0]).toMatchObject({
      environmentId: 'env-1',
      kind: 'generic',
      secret: SECRET,
      events: { deny: true, ruleChanged: true, exemptionExpiringDays: 7, gateSilentMinutes: null },
    });

    await user.click(await screen.findByRole('button', { name: 'Send test to SIEM' }));
    const log = await screen.findByRole('table', { name: 'Delivery log' });
    expect(await within(log).findByText(/Test message for channel "SIEM"/)).toBeInTheDocument();
    expect(within(log).getByText('delivered')).toBeInTheDocument();
  });

  it('keeps the stored URL when editing leaves it empty', async () => {
    const { user } = renderApp({ route: '/environments?env=env-1' });
    await user.click(await screen.findByRole('button', { name: 'Add webhook' }));
    let dialog = await screen.findByRole('dialog', { name: 'Add webhook' });
    await user.type(within(dialog).getByRole('textbox', { name: /Name/ }), 'Chat');
    await user.click(within(dialog).getByRole('radio', { name: 'Slack' }));
    await user.type(
      within(dialog).getByRole('textbox', { name: /Receiver URL/ }),
      'https://hooks.slack.com/services/T0/B0/XYZ',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Add' }));
    expect(await screen.findByText('https://hooks.slack.com/…')).toBeInTheDocument();

    await user.click(await screen.findByRole('button', { name: 'Edit Chat' }));
    dialog = await screen.findByRole('dialog', { name: 'Edit Chat' });
    const name = within(dialog).getByRole('textbox', { name: /Name/ });
    await user.clear(name);
    await user.type(name, 'Chat ops');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(db.notifications.channels[0]).toMatchObject({
        name: 'Chat ops',
        url: 'https://hooks.slack.com/services/T0/B0/XYZ',
      }),
    );
  });

  it('shows a reader the channels read-only and no delivery log', async () => {
    db.notifications.channels.push({
      id: 'channel-r',
      environmentId: 'env-1',
      name: 'Teams',
      kind: 'teams',
      url: 'https://contoso.webhook.office.com/x',
      secret: null,
      urlPreview: 'https://contoso.webhook.office.com/…',
      hasSecret: false,
      enabled: true,
      events: {
        deny: true,
        ruleChanged: false,
        exemptionExpiringDays: null,
        gateSilentMinutes: null,
      },
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    renderApp({ route: '/environments?env=env-1', role: 'SecurityReader' });
    const table = await screen.findByRole('table', { name: 'Notification channels' });
    expect(within(table).getByText('Teams')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Add webhook' })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
    expect(screen.getByRole('button', { name: 'Send test to Teams' })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
    expect(screen.queryByRole('table', { name: 'Delivery log' })).not.toBeInTheDocument();
  });
});
