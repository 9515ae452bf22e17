import { describe, expect, it } from 'vitest';
import { parseCommand, usage } from './cli.js';
import { GateEnvSchema, readEnv } from './env.js';

describe('configuration', () => {
  it('has the documented defaults', () => {
    const env = readEnv({});
    expect(env).toMatchObject({
      GATE_PORT: 8443,
      GATE_HOST: '0.0.0.0',
      GATED_DATA_DIR: './data',
      GATE_FINDINGS_BUDGET_MS: 200,
      GATE_INSECURE_REGISTRIES: [],
      GATE_ALLOWED_PRIVATE_REGISTRIES: [],
    });
  });

  it('lists every bad variable at once', () => {
    expect(() =>
      readEnv({
        GATE_PORT: 'x',
        GATE_FINDINGS_BUDGET_MS: '-1',
        GATE_CONTROL_PLANE_URL: 'not a url',
      }),
    ).toThrow(
      /GATE_PORT[\s\S]*GATE_CONTROL_PLANE_URL[\s\S]*GATE_FINDINGS_BUDGET_MS|GATE_PORT[\s\S]*GATE_FINDINGS_BUDGET_MS/,
    );
  });

  it('--help names every variable', () => {
    const text = usage();
    for (const name of Object.keys(GateEnvSchema.shape)) expect(text).toContain(name);
  });

  it('parses serve, --policy-file and manifests flags', () => {
    expect(parseCommand([])).toEqual({ command: 'serve', policyFile: undefined });
    expect(parseCommand(['--policy-file', 'p.yaml'])).toEqual({
      command: 'serve',
      policyFile: 'p.yaml',
    });
    expect(parseCommand(['--help'])).toEqual({ command: 'help' });
    expect(parseCommand(['manifests', '--replicas', '3'])).toEqual({
      command: 'manifests',
      options: { replicas: '3' },
    });
    expect(() => parseCommand(['--nope'])).toThrow();
  });
});
