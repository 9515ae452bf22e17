import { screen, waitFor } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { db } from '@/testing/msw/handlers';
import { server } from '@/testing/msw/server';
import { renderWithProviders } from '@/testing/render';
import SecurityRulesRoutes from './security-rules-routes';
import { onStep, section } from './testing/wizard-driver';

const SLOW = 60_000;

/** Records the Impact-Acknowledged header of each PUT /rules/:id and lets it through. */
function capturePutAcks(): (string | null)[] {
  const acks: (string | null)[] = [];
  server.use(
    http.put('/api/v1/rules/:id', ({ request }) => {
      acks.push(request.headers.get('impact-acknowledged'));
      return undefined;
    }),
  );
  return acks;
}

describe('rule wizard: acknowledging the impact of a Deny', () => {
  it(
    'editing Audit → Deny opens the preview and saves only after the acknowledgement',
    async () => {
      const acks = capturePutAcks();
      const { user, router } = renderWithProviders(<SecurityRulesRoutes />, {
        route: '/rules/rule-default/edit',
        path: '/rules/*',
      });
      await onStep('Basics');
      await user.click(await screen.findByRole('radio', { name: /^Deny/ }));
      await user.click(screen.getByRole('button', { name: 'Save changes' }));

      // Not saved: the wizard shows the impact preview and waits for the checkbox.
      await onStep('Review');
      const preview = section('Impact preview');
      expect(await preview.findByText('would be denied')).toBeInTheDocument();
      const ack = await preview.findByRole('checkbox', { name: /I reviewed the impact/ });
      expect(preview.getByText(/tick this to save it/)).toBeInTheDocument();
      expect(acks).toHaveLength(0);
      expect(db.rules.find((r) => r.id === 'rule-default')?.action).toBe('Audit');

      await waitFor(() => expect(ack).toBeEnabled());
      await user.click(ack);
      await user.click(screen.getByRole('button', { name: 'Save changes' }));
      await waitFor(() =>
        expect(db.rules.find((r) => r.id === 'rule-default')?.action).toBe('Deny'),
      );
      expect(acks).toHaveLength(1);
      expect(acks[0]).toMatch(/^mock\./);
      await waitFor(() => expect(router.state.location.pathname).toBe('/rules'));
    },
    SLOW,
  );

  it(
    'a description edit of a Deny rule saves at once, with no acknowledgement',
    async () => {
      const acks = capturePutAcks();
      const { user } = renderWithProviders(<SecurityRulesRoutes />, {
        route: '/rules/rule-deny-critical/edit',
        path: '/rules/*',
      });
      await onStep('Basics');
      await user.type(await screen.findByRole('textbox', { name: 'Description' }), 'why');
      await user.click(screen.getByRole('button', { name: 'Save changes' }));
      await waitFor(() => expect(acks).toHaveLength(1));
      expect(acks[0]).toBeNull();
      expect(screen.queryByRole('checkbox', { name: /I reviewed the impact/ })).toBeNull();
    },
    SLOW,
  );
});
