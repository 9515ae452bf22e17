import { test, expect } from '../fixtures/test.js';
import { admissionReview, generateWorkload } from '../fixtures/kube.js';
import { paths } from '../fixtures/paths.js';
import { EnvironmentsPage } from '../pages/environments.page.js';
import { RulesPage } from '../pages/security-rules.page.js';
import { HIGH_EXPAT } from '../support/trivy-report.js';

const DEFAULT_RULE = 'Default: audit High and Critical findings';

test('gating installs the default Audit rule, and the gate follows the Security Findings switch', async ({
  page,
  navigate,
  gate,
  uploadScan,
  stack,
}) => {
  const environments = new EnvironmentsPage(page);
  await navigate(paths.environments);
  const env = await environments.open(stack.environmentName);
  await expect(env).toContainText('Security gating is installed');
  await expect(environments.toggle(env, 'Security Gating')).toBeChecked();
  await expect(environments.toggle(env, 'Security Findings')).toBeChecked();

  // Gating became active when the environment was created: the default Audit rule exists once.
  const rules = new RulesPage(page);
  await navigate(paths.rules);
  await expect(rules.row(DEFAULT_RULE)).toHaveCount(1);
  await expect(rules.row(DEFAULT_RULE)).toContainText('Audit');

  // A scanner reported a High finding: with findings on, the default rule audits the workload.
  const image = await uploadScan('shopacr.azurecr.io/s1/catalog:3.1.0', [HIGH_EXPAT]);
  const catalog = generateWorkload({
    kind: 'Deployment',
    name: 'catalog',
    namespace: 'team-catalog',
    images: [image.reference],
  });
  const decide = async () => {
    const response = await gate.review(admissionReview(catalog));
    expect(response.allowed).toBe(true);
    return response.warnings?.length ? 'Audit' : 'Allow';
  };
  await expect.poll(decide, { timeout: 30_000 }).toBe('Audit');

  // Security Findings off: images count as unscanned, so nothing triggers.
  await navigate(paths.environments, { a11y: false });
  const details = await environments.open(stack.environmentName);
  await environments.setToggle(details, 'Security Findings', false);
  await expect
    .poll(decide, { message: 'the gate stops using findings', timeout: 30_000 })
    .toBe('Allow');

  await environments.setToggle(details, 'Security Findings', true);
  await expect
    .poll(decide, { message: 'the gate uses findings again', timeout: 30_000 })
    .toBe('Audit');
});
