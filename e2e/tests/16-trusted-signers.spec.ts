import { generateKeyPairSync } from 'node:crypto';
import { test, expect } from '../fixtures/test.js';
import { paths } from '../fixtures/paths.js';
import { EnvironmentsPage } from '../pages/environments.page.js';
import { RuleWizard } from '../pages/rule-wizard.page.js';

const SIGNER = 's16-ci-release';

test('an admin trusts a signing key in the environment, and the wizard lists it when a rule requires signed findings', async ({
  page,
  navigate,
  api,
  stack,
}) => {
  // A key as `cosign generate-key-pair` writes it: ECDSA P-256, the public half in PEM.
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

  try {
    const environments = new EnvironmentsPage(page);
    await navigate(paths.environments);
    const env = await environments.open(stack.environmentName);
    await env.getByRole('textbox', { name: 'Signer name' }).fill(SIGNER);
    await env.getByRole('textbox', { name: 'Public key (PEM, as in cosign.pub)' }).fill(pem);
    await env.getByRole('button', { name: 'Add signer' }).click();
    await expect(env.getByRole('list', { name: 'Trusted signers' })).toContainText(SIGNER);

    // The conditions step names the signers whose signatures the rule will accept.
    await navigate(paths.newRule);
    const wizard = new RuleWizard(page);
    await wizard.fillBasics({ name: 'S16 signed findings only', action: 'Deny' });
    await wizard.next();
    await wizard.fillScope({
      name: 'Signed',
      conditions: [{ kind: 'Namespace', match: 'Equals', value: 's16-signed' }],
    });
    await wizard.next();
    const requireSigned = page.getByRole('switch', { name: /Require signed findings/ });
    await expect(requireSigned).not.toBeChecked();
    await requireSigned.check();
    const listed = page.getByRole('list', { name: "Trusted signers of the rule's environments" });
    await expect(listed).toContainText(`${stack.environmentName}: `);
    await expect(listed).toContainText(`${SIGNER} (ecdsa-p256)`);
  } finally {
    // The stack is shared: leave it without the signer.
    const list = (await (
      await api.get(`/api/v1/environments/${stack.environmentId}/signers`)
    ).json()) as { items: { id: string; name: string }[] };
    for (const s of list.items.filter((s) => s.name === SIGNER))
      await api.delete(`/api/v1/environments/${stack.environmentId}/signers/${s.id}`);
  }
});
