import { type RuleInputDraft } from '@gated/shared';
import { describe, expect, it } from 'vitest';
import {
  conditionsSummary,
  describeExemption,
  expiredCount,
  ruleSentence,
  scopeSummary,
} from './rule-summary';
import { ruleYaml } from './rule-yaml';

const NOW = Date.parse('2026-11-21T12:00:00Z');
const names = new Map([['env-1', 'Contoso production']]);

const denyProd: RuleInputDraft = {
  name: 'Deny critical in prod',
  action: 'Deny',
  scope: {
    name: 'Production',
    resourceConditions: [{ kind: 'Namespace', match: 'StartsWith', value: 'prod' }],
  },
  conditions: { severityThresholds: [{ severity: 'Critical', maxAllowed: 0 }] },
};

describe('ruleSentence', () => {
  it('reads a Deny rule with a namespace condition as a sentence', () => {
    expect(ruleSentence(denyProd, names, NOW)).toBe(
      'Deny images in all cloud accounts, in namespaces starting with prod, that have more than 0 Critical findings.',
    );
  });

  it('names cloud scopes, CVEs, unscanned images and exemptions with their expiry', () => {
    const rule: RuleInputDraft = {
      ...denyProd,
      action: 'Audit',
      scope: {
        name: 's',
        cloudScopes: ['env-1', 'env-9'],
        resourceConditions: [{ kind: 'LabelSelector', match: 'NotEquals', value: 'canary' }],
      },
      conditions: {
        severityThresholds: [{ severity: 'High', maxAllowed: 2 }],
        cveIds: ['CVE-2024-3094'],
      },
      blockUnscanned: true,
      exemptions: [
        { type: 'Namespace', match: 'Equals', value: 'dev' },
        {
          type: 'CVE',
          match: 'Equals',
          value: 'CVE-2021-44228',
          validUntil: '2026-11-20',
          timeZone: 'Europe/Berlin',
        },
      ],
    };
    expect(ruleSentence(rule, names, NOW)).toBe(
      'Audit images in Contoso production, env-9, in workloads not selected by canary, that have more than 2 High-or-higher findings, vulnerability CVE-2024-3094 or no scan report, except Namespace equals dev; CVE equals CVE-2021-44228 until 2026-11-20 (Europe/Berlin), expired.',
    );
  });

  it('says when there is no condition yet', () => {
    expect(ruleSentence({ ...denyProd, conditions: {} }, names, NOW)).toContain(
      'that meet no condition yet',
    );
  });
});

describe('summaries', () => {
  it('summarises scope and conditions for the grid', () => {
    expect(
      scopeSummary({ ...denyProd, scope: { ...denyProd.scope, cloudScopes: ['env-1'] } }, names),
    ).toBe('Production · Contoso production · namespaces starting with prod');
    expect(
      conditionsSummary({
        ...denyProd,
        blockUnscanned: true,
        conditions: {
          severityThresholds: [
            { severity: 'Critical', maxAllowed: 0 },
            { severity: 'Medium', maxAllowed: 5 },
          ],
          cveIds: ['CVE-2024-1111', 'CVE-2024-2222', 'CVE-2024-3333'],
        },
      }),
    ).toBe('Critical > 0 · Medium+ > 5 · CVE-2024-1111, CVE-2024-2222 +1 · unscanned');
  });

  it('counts an exemption as expired only after the end of its last day in its own zone', () => {
    // 2026-11-21 ends at 2026-11-21T23:00Z in Berlin (UTC+1) but 2026-11-22T08:00Z in Los Angeles.
    const berlin = { validUntil: '2026-11-21', timeZone: 'Europe/Berlin' };
    const la = { validUntil: '2026-11-21', timeZone: 'America/Los_Angeles' };
    const at = Date.parse('2026-11-22T01:00:00Z');
    expect(expiredCount([berlin, la, {}], at)).toBe(1);
    expect(describeExemption({ type: 'Pod', match: 'StartsWith', ...la, value: 'job-' }, at)).toBe(
      'Pod starts with job- until 2026-11-21 (America/Los_Angeles)',
    );
  });
});

describe('ruleYaml', () => {
  it('writes the policy-as-code document with the rule', () => {
    const yaml = ruleYaml({
      name: 'r',
      action: 'Deny',
      enabled: true,
      scope: { name: 's', cloudScopes: [], resourceConditions: [] },
      conditions: { severityThresholds: [{ severity: 'Critical', maxAllowed: 0 }], cveIds: [] },
      blockUnscanned: false,
      exemptions: [],
    });
    expect(yaml).toContain('kind: SecurityRuleList');
    expect(yaml).toContain('- name: r');
    expect(yaml).toContain('severity: Critical');
  });
});
