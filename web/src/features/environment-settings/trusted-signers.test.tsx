import { StoredVexDocumentListSchema, TrustedSignerListSchema } from '@gated/shared';
import { screen, within } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { respond } from '@/testing/msw/handlers';
import { server } from '@/testing/msw/server';
import { renderApp } from '@/testing/render';

const ENV_UUID = '00000000-0000-4000-8000-000000000001';
const signer = {
  id: '00000000-0000-4000-8000-0000000000aa',
  environmentId: ENV_UUID,
  name: 'ci-release',
  publicKey:
    '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----',
  algorithm: 'ecdsa-p256',
  fingerprint: 'ab'.repeat(32),
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'admin',
};

describe('Environment settings: trusted signers and VEX documents', () => {
  it('lists the signers and the VEX documents with their statements', async () => {
    server.use(
      http.get('/api/v1/environments/:id/signers', () =>
        respond(TrustedSignerListSchema, { items: [signer] }),
      ),
      http.get('/api/v1/vex', () =>
        respond(StoredVexDocumentListSchema, {
          items: [
            {
              id: '00000000-0000-4000-8000-0000000000bb',
              environmentId: null,
              name: 'jackson-vex',
              uploadedAt: '2026-01-02T00:00:00.000Z',
              uploadedBy: 'admin',
              document: {
                format: 'openvex',
                issuedAt: '2026-01-02T00:00:00.000Z',
                statements: [
                  {
                    ids: ['CVE-2020-9548'],
                    status: 'not_affected',
                    justification: 'vulnerable_code_not_in_execute_path',
                    imageDigests: [],
                    packages: [],
                    purls: ['pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.1'],
                    source: 'openvex jackson-vex',
                    statement: 1,
                  },
                ],
              },
            },
          ],
        }),
      ),
    );
    renderApp({ route: '/environments?env=env-1', role: 'SecurityAdmin' });
    const signers = await screen.findByRole('list', { name: 'Trusted signers' });
    expect(within(signers).getByText('ci-release')).toBeInTheDocument();
    expect(within(signers).getByText('ecdsa-p256')).toBeInTheDocument();
    const statements = await screen.findByRole('list', { name: 'Statements of jackson-vex' });
    expect(statements).toHaveTextContent(
      '#1 CVE-2020-9548: not_affected (vulnerable_code_not_in_execute_path) — pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.1',
    );
    expect(screen.getByText(/all environments/)).toBeInTheDocument();
  });

  it('an admin adding a signer without a key is told what to paste; a reader sees no form', async () => {
    const { user, unmount } = renderApp({
      route: '/environments?env=env-1',
      role: 'SecurityAdmin',
    });
    expect(await screen.findByText(/No trusted signers/)).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: 'Signer name' }), 'ci');
    await user.click(screen.getByRole('button', { name: 'Add signer' }));
    expect(await screen.findByText(/Paste a PEM public key/)).toBeInTheDocument();
    unmount();
    renderApp({ route: '/environments?env=env-1', role: 'SecurityReader' });
    expect(await screen.findByText(/No trusted signers/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Add signer' })).not.toBeInTheDocument();
  });
});
