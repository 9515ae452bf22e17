import { describe, expect, it } from 'vitest';
import { describeConditions, describeRule, describeScope } from './describe-rule.js';
import type { RuleInputDraft } from './rule.schema.js';

const rule = (over: Partial<RuleInputDraft> = {}): RuleInputDraft => ({
  name: 'r',
  action: 'Deny',
  scope: { name: 'all' },
  conditions: { severityThresholds: [{ severity: 'Critical', maxAllowed: 0 }] },
  ...over,
});

describe('describeRule', () => {
  it('reads the issue example: a Critical threshold or a CVE', () => {
    expect(
      describeRule(
        rule({
          conditions: {
            severityThresholds: [{ severity: 'Critical', maxAllowed: 0 }],
            cveIds: ['CVE-2024-3094'],
          },
        }),
      ),
    ).toBe('Deny when an image has more than 0 Critical findings or CVE-2024-3094');
  });

  it('says "or higher" below Critical and "fixable" for fixable-only thresholds', () => {
    expect(
      describeRule(
        rule({
          action: 'Audit',
          conditions: {
            severityThresholds: [
              { severity: 'High', maxAllowed: 2, fixableOnly: true },
              { severity: 'Medium', maxAllowed: 5 },
            ],
          },
        }),
      ),
    ).toBe(
      'Audit when an image has more than 2 fixable High-or-higher findings or more than 5 Medium-or-higher findings',
    );
  });

  it('covers known exploited, EPSS, report age, unscanned and signed findings', () => {
    expect(
      describeRule(
        rule({
          conditions: { knownExploited: true, epssAtLeast: 0.5, maxReportAgeDays: 1 },
          blockUnscanned: true,
          requireSignedFindings: true,
        }),
      ),
    ).toBe(
      'Deny when an image has a known exploited vulnerability (CISA KEV), a finding with an EPSS score of at least 0.5, a scan report older than 1 day or no scan report (only signed scan reports count)',
    );
  });

  it('cuts a long CVE list to three and counts the rest', () => {
    expect(
      describeConditions(
        rule({
          conditions: {
            cveIds: ['CVE-2024-0001', 'CVE-2024-0002', 'CVE-2024-0003', 'CVE-2024-0004'],
            maxReportAgeDays: 30,
          },
        }),
      ),
    ).toBe(
      'any of CVE-2024-0001, CVE-2024-0002, CVE-2024-0003 and 1 more vulnerability or a scan report older than 30 days',
    );
  });

  it('says so when a draft has no condition yet', () => {
    expect(describeRule(rule({ conditions: {} }))).toBe(
      'Deny nothing yet: the rule has no condition',
    );
  });
});

describe('describeScope', () => {
  it('names all cloud accounts when the scope lists none', () => {
    expect(describeScope({ name: 'all' })).toBe('Applies in all cloud accounts');
  });

  it('names environments by name and lists resource conditions', () => {
    expect(
      describeScope(
        {
          name: 'prod',
          cloudScopes: ['env-1', 'env-unknown'],
          resourceConditions: [
            { kind: 'Namespace', match: 'StartsWith', value: 'prod' },
            { kind: 'LabelSelector', match: 'NotEquals', value: 'tier=batch' },
          ],
        },
        new Map([['env-1', 'Contoso']]),
      ),
    ).toBe(
      'Applies in Contoso, env-unknown, to namespaces starting with prod and workloads not selected by tier=batch',
    );
  });
});
