import { describe, expect, it } from 'vitest';
import {
  CreateEnvironmentInputSchema,
  ExtensionTogglesSchema,
  UngatedRegistriesSchema,
  toggleHierarchyIssues,
} from './environment.schema.js';

describe('extension toggles', () => {
  it('refuses a child on while its parent is off, naming the parent', () => {
    const r = ExtensionTogglesSchema.safeParse({
      defenderSensor: { enabled: false, securityGating: true },
      registryAccess: { enabled: true, securityFindings: true },
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['defenderSensor', 'securityGating']);
    expect(r.error?.issues[0]?.message).toContain('Defender Sensor');
  });

  it('lists both violations', () => {
    const issues = toggleHierarchyIssues({
      defenderSensor: { enabled: false, securityGating: true },
      registryAccess: { enabled: false, securityFindings: true },
    });
    expect(issues.map((i) => i.path.join('.'))).toEqual([
      'defenderSensor.securityGating',
      'registryAccess.securityFindings',
    ]);
  });

  it('allows parents on with children off', () => {
    expect(
      ExtensionTogglesSchema.safeParse({
        defenderSensor: { enabled: true, securityGating: false },
        registryAccess: { enabled: false, securityFindings: false },
      }).success,
    ).toBe(true);
  });
});

describe('environment input', () => {
  it.each([
    ['Azure', '2b6f1e3a-8c1d-4a52-9e0f-0c6a1b2c3d4e', true],
    ['Azure', '123456789012', false],
    ['AWS', '123456789012', true],
    ['AWS', '12345', false],
    ['GCP', 'shop-prod-4711', true],
    ['GCP', 'Shop_Prod', false],
  ] as const)('%s account id %s valid=%s', (cloud, accountId, ok) => {
    const r = CreateEnvironmentInputSchema.safeParse({ cloud, accountId, name: 'x' });
    expect(r.success).toBe(ok);
    if (!ok) expect(r.error?.issues[0]?.path).toEqual(['accountId']);
  });

  it('normalises registries and refuses duplicates and junk', () => {
    expect(UngatedRegistriesSchema.parse(['Docker.io', 'localhost:5000'])).toEqual([
      'docker.io',
      'localhost:5000',
    ]);
    expect(
      UngatedRegistriesSchema.safeParse(['docker.io', 'docker.io']).error?.issues[0]?.path,
    ).toEqual([1]);
    expect(UngatedRegistriesSchema.safeParse(['https://x.io']).success).toBe(false);
  });
});
