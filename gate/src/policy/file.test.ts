import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { formatRuleExport } from '@gated/shared';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { eventually } from '../testing/https-client.js';
import { PolicyFileWatcher, policyFromRuleExport } from './file.js';
import { PolicyStore } from './store.js';

const identity = { clusterName: 'edge-1', environmentId: 'env-x' };
const rule = (name: string, action: 'Audit' | 'Deny' = 'Deny') => ({
  name,
  action,
  enabled: true,
  scope: { name: 'all', cloudScopes: [], resourceConditions: [] },
  conditions: {
    severityThresholds: [{ severity: 'Critical' as const, maxAllowed: 0 }],
    cveIds: [],
  },
  blockUnscanned: false,
  exemptions: [],
});

describe('policy file (rule-export YAML)', () => {
  it('becomes a GatePolicy with gating and findings on and default ungated registries', () => {
    const policy = policyFromRuleExport(formatRuleExport([rule('No criticals')]), identity);
    expect(policy).toMatchObject({
      gatingEnabled: true,
      findingsEnabled: true,
      cluster: { name: 'edge-1' },
      environment: { id: 'env-x' },
    });
    expect(policy.ungatedRegistries).toContain('mcr.microsoft.com');
    expect(policy.rules[0]).toMatchObject({
      id: 'file:no criticals',
      name: 'No criticals',
      action: 'Deny',
    });
    expect(policy.revision).toMatch(/^file-[0-9a-f]{16}$/);
  });

  it('keeps the ungated registries of the document, and the same text gives the same revision', () => {
    const text = formatRuleExport([rule('A')], ['registry.local:5000']);
    const a = policyFromRuleExport(text, identity);
    expect(a.ungatedRegistries).toEqual(['registry.local:5000']);
    expect(policyFromRuleExport(text, identity).revision).toBe(a.revision);
  });

  it('refuses an invalid document with every error', () => {
    expect(() =>
      policyFromRuleExport(
        'apiVersion: gated.dev/v1\nkind: SecurityRuleList\nrules:\n  - name: x\n',
        identity,
      ),
    ).toThrow(/rule 0 \(x\)/);
  });

  it('reloads when the file changes and keeps the last good policy on a bad edit', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'gate-file-')), 'policy.yaml');
    writeFileSync(file, formatRuleExport([rule('A')]));
    const store = new PolicyStore();
    const watcher = new PolicyFileWatcher(file, identity, store, pino({ level: 'silent' }), 50);
    await watcher.start();
    try {
      expect(store.current?.policy.rules.map((r) => r.name)).toEqual(['A']);
      writeFileSync(file, formatRuleExport([rule('A'), rule('B', 'Audit')]));
      await eventually('reload', () => store.current?.policy.rules.length === 2);
      const good = store.revision;
      writeFileSync(file, 'rules: [');
      expect(await watcher.reload()).toBe(false);
      expect(store.revision).toBe(good);
    } finally {
      watcher.stop();
    }
  });
});
