/**
 * The conditions of docs/decisions/080, each denying and allowing exactly as specified:
 * fixableOnly thresholds, knownExploited (CISA KEV), epssAtLeast (FIRST EPSS), maxReportAgeDays.
 */
import type { GateCatalogues, RuleInputDraft, Vulnerability } from '@gated/shared';
import { describe, expect, it } from 'vitest';
import { admissionRequest, loadFixture } from '../../testdata/k8s/admission-review.js';
import { DIGEST_API, NOW, policy, report, rule, vuln } from '../testing/builders.js';
import { epssWords } from './catalogue-conditions.js';
import { compilePolicy } from './compile.js';
import { evaluateAdmission } from './evaluate.js';
import { isSubjectError } from './extract-subject.js';
import type { AdmissionDecision, FindingsLookup } from './types.js';

const DAY = 24 * 60 * 60 * 1000;
const CATALOGUES: GateCatalogues = {
  kev: { version: '2025.02.25', publishedAt: '2025-02-25T20:33:53.3676Z', cves: ['CVE-2025-0108'] },
  epss: {
    version: 'v2025.03.14',
    publishedAt: '2026-03-28T12:55:00.000Z',
    minScore: 0.1,
    scores: { 'CVE-2021-44228': 0.94358, 'CVE-2009-3129': 0.59441 },
  },
};
const LOG4J = vuln('CVE-2021-44228', 'Critical', {
  package: 'org.apache.logging.log4j:log4j-core',
  installedVersion: '2.14.1',
  fixedVersion: '2.15.0',
});
const PANOS = vuln('CVE-2025-0108', 'High', { package: 'pan-os', fixedVersion: undefined });
const UNFIXED = vuln('CVE-2024-0003', 'High', { fixedVersion: undefined });
const FIXABLE = vuln('CVE-2024-0002', 'High', { package: 'zlib', fixedVersion: '1.2.13' });
const LOW_EPSS = vuln('CVE-2009-3129', 'Medium', { package: 'office', fixedVersion: '1.1' });

/** The Job fixture's one image (myacr.azurecr.io/shop/migrate:2.0) with a report scanned `ageDays` ago. */
function lookup(vulns: Vulnerability[] | 'unscanned', ageDays = 1): FindingsLookup {
  return {
    resolveDigest: (n) => (n === 'myacr.azurecr.io/shop/migrate:2.0' ? DIGEST_API : undefined),
    findings: () =>
      vulns === 'unscanned'
        ? { status: 'unscanned' }
        : {
            status: 'found',
            report: {
              ...report(DIGEST_API, vulns),
              scannedAt: new Date(NOW - ageDays * DAY).toISOString(),
            },
            source: 'upload:trivy',
          },
  };
}

function evaluate(
  draft: Partial<RuleInputDraft>,
  vulns: Vulnerability[] | 'unscanned',
  options: { ageDays?: number; catalogues?: GateCatalogues | null } = {},
): AdmissionDecision {
  const { ageDays = 1, catalogues = CATALOGUES } = options;
  const p = policy([rule({ name: 'r', ...draft })], catalogues ? { catalogues } : {});
  const result = evaluateAdmission(
    admissionRequest(loadFixture('job')),
    compilePolicy(p),
    lookup(vulns, ageDays),
    NOW,
  );
  if (isSubjectError(result)) throw new Error(result.error);
  return result;
}

function evaluation(d: AdmissionDecision) {
  const e = d.trace.images[0]?.rules[0];
  if (!e) throw new Error('no rule evaluation');
  return e;
}

const fixable = (severity: 'High' | 'Critical', maxAllowed = 0) => ({
  conditions: { severityThresholds: [{ severity, maxAllowed, fixableOnly: true }] },
});

describe('fixableOnly: a threshold counts only findings with a fixed version', () => {
  it.each([
    ['only unfixed High findings', [UNFIXED], 'Allow', []],
    [
      'one fixable High',
      [UNFIXED, FIXABLE],
      'Deny',
      ['1 fixable finding at High or higher > 0 allowed'],
    ],
    [
      'fixable Critical counts at High or higher',
      [LOG4J, UNFIXED],
      'Deny',
      ['1 fixable finding at High or higher > 0 allowed'],
    ],
  ] as const)('%s → %s', (_name, vulns, decision, triggers) => {
    const d = evaluate(fixable('High'), [...vulns]);
    expect(d.decision).toBe(decision);
    expect(evaluation(d).triggers).toEqual(triggers);
    if (decision === 'Deny') expect(evaluation(d).conditions).toEqual(['severityThresholds']);
  });

  it('maxAllowed applies to the fixable count', () => {
    expect(evaluate(fixable('High', 1), [FIXABLE, UNFIXED, UNFIXED]).decision).toBe('Allow');
    expect(evaluate(fixable('High', 1), [FIXABLE, LOG4J]).decision).toBe('Deny');
  });

  it('the same threshold without fixableOnly counts unfixed findings too', () => {
    const d = evaluate(
      { conditions: { severityThresholds: [{ severity: 'High', maxAllowed: 0 }] } },
      [UNFIXED],
    );
    expect(d.decision).toBe('Deny');
  });

  it('Deny what can be fixed, Audit the rest: two rules decide as a team would', () => {
    const rules = [
      rule({ name: 'deny-fixable', ...fixable('High') }),
      rule({
        name: 'audit-all',
        action: 'Audit',
        conditions: { severityThresholds: [{ severity: 'High', maxAllowed: 0 }] },
      }),
    ];
    const run = (vulns: Vulnerability[]) => {
      const d = evaluateAdmission(
        admissionRequest(loadFixture('job')),
        compilePolicy(policy(rules)),
        lookup(vulns),
        NOW,
      );
      if (isSubjectError(d)) throw new Error(d.error);
      return d;
    };
    expect(run([UNFIXED]).decision).toBe('Audit');
    expect(run([UNFIXED, FIXABLE]).decision).toBe('Deny');
  });

  it('the deny message quotes only fixable findings, each with "fix available"', () => {
    const d = evaluate(fixable('High'), [UNFIXED, FIXABLE]);
    expect(d.message).toContain('Worst: CVE-2024-0002 (High, zlib 3.0.1, fix available: 1.2.13).');
    expect(d.message).not.toContain('CVE-2024-0003');
  });
});

describe('knownExploited: any finding in the CISA KEV catalogue', () => {
  const kev = { conditions: { knownExploited: true } };
  it('denies an image with a KEV-listed CVE, saying so in the message and trace', () => {
    const d = evaluate(kev, [LOG4J, PANOS]);
    expect(d.decision).toBe('Deny');
    expect(evaluation(d).triggers).toEqual([
      'known exploited (CISA KEV 2025.02.25): CVE-2025-0108',
    ]);
    expect(evaluation(d).conditions).toEqual(['knownExploited']);
    expect(d.message).toContain(
      'Worst: CVE-2025-0108 (High, pan-os 3.0.1, no fix yet, known exploited (CISA KEV)).',
    );
  });

  it('allows an image whose CVEs are not in the catalogue, however severe', () => {
    expect(evaluate(kev, [LOG4J]).decision).toBe('Allow');
  });

  it('a CVE exemption drops the KEV finding first', () => {
    const d = evaluate(
      { ...kev, exemptions: [{ type: 'CVE', match: 'Equals', value: 'CVE-2025-0108' }] },
      [PANOS],
    );
    expect(d.decision).toBe('Allow');
  });

  it('without an imported catalogue the condition cannot be met, and the trace says why', () => {
    const d = evaluate(kev, [PANOS], { catalogues: null });
    expect(d.decision).toBe('Allow');
    expect(evaluation(d).reason).toContain('no CISA KEV catalogue imported');
  });

  it('"known exploited" is added to quoted findings of any rule when KEV lists them', () => {
    const d = evaluate({}, [vuln('CVE-2025-0108', 'Critical')]);
    expect(d.message).toContain(
      'CVE-2025-0108 (Critical, openssl 3.0.1, fix available: 3.0.2, known exploited (CISA KEV))',
    );
  });
});

describe('epssAtLeast: any finding with an EPSS score at or above the threshold', () => {
  it.each([
    [0.5, [LOG4J], 'Deny', 'CVE-2021-44228 EPSS 0.94 ≥ 0.5'],
    [0.94358, [LOG4J], 'Deny', 'CVE-2021-44228 EPSS 0.94358 ≥ 0.94358'],
    [0.95, [LOG4J], 'Allow', undefined],
    [0.5, [LOW_EPSS], 'Deny', 'CVE-2009-3129 EPSS 0.59 ≥ 0.5'],
    [0.6, [LOW_EPSS], 'Allow', undefined],
    [0.5, [UNFIXED], 'Allow', undefined],
  ] as const)('EPSS ≥ %s on %j → %s', (threshold, vulns, decision, trigger) => {
    const d = evaluate({ conditions: { epssAtLeast: threshold } }, [...vulns]);
    expect(d.decision).toBe(decision);
    expect(evaluation(d).triggers).toEqual(trigger ? [trigger] : []);
    if (trigger) expect(evaluation(d).conditions).toEqual(['epssAtLeast']);
  });

  it('names several CVEs in one sentence, worst first', () => {
    const d = evaluate({ conditions: { epssAtLeast: 0.5 } }, [LOW_EPSS, LOG4J]);
    expect(evaluation(d).triggers).toEqual([
      'CVE-2021-44228 EPSS 0.94 ≥ 0.5, CVE-2009-3129 EPSS 0.59 ≥ 0.5',
    ]);
  });

  it('without an imported catalogue the condition cannot be met, and the trace says why', () => {
    const d = evaluate({ conditions: { epssAtLeast: 0.5 } }, [LOG4J], { catalogues: null });
    expect(d.decision).toBe('Allow');
    expect(evaluation(d).reason).toContain('no FIRST EPSS catalogue imported');
  });

  it.each([
    [0.94358, 0.5, '0.94'],
    [0.5, 0.5, '0.5'],
    [0.50001, 0.50001, '0.50001'],
    [1, 1, '1'],
  ])('epssWords(%s, %s) = %s', (score, threshold, words) => {
    expect(epssWords(score, threshold)).toBe(words);
  });
});

describe('maxReportAgeDays: an older report triggers the rule and counts as no report', () => {
  const age = (days: number, extra: Partial<RuleInputDraft['conditions']> = {}) => ({
    conditions: { maxReportAgeDays: days, ...extra },
  });
  it.each([
    [30, 29, 'Allow'],
    [30, 30, 'Allow'],
    [30, 31, 'Deny'],
    [1, 2, 'Deny'],
  ] as const)('max %s days, report %s days old → %s', (max, days, decision) => {
    const d = evaluate(age(max), [], { ageDays: days });
    expect(d.decision).toBe(decision);
    if (decision === 'Deny') {
      expect(evaluation(d).conditions).toEqual(['maxReportAgeDays']);
      expect(evaluation(d).triggers[0]).toMatch(
        new RegExp(
          `^findings report scanned \\d{4}-\\d{2}-\\d{2} \\(${days} days ago\\), older than the ${max} allowed: treated as no report$`,
        ),
      );
      expect(d.message).toContain('Scan the image and upload its report');
    }
  });

  it('a stale report is no report: its findings are not quoted or counted', () => {
    const d = evaluate(
      age(30, { severityThresholds: [{ severity: 'Critical', maxAllowed: 0 }] }),
      [LOG4J],
      {
        ageDays: 31,
      },
    );
    expect(d.decision).toBe('Deny');
    expect(evaluation(d).triggers).toHaveLength(1);
    expect(d.message).not.toContain('CVE-2021-44228');
  });

  it('an image with no report at all is left to blockUnscanned', () => {
    expect(evaluate(age(30), 'unscanned').decision).toBe('Allow');
    expect(evaluate({ ...age(30), blockUnscanned: true }, 'unscanned').decision).toBe('Deny');
  });

  it('a fresh report is read normally by the other conditions', () => {
    const d = evaluate(age(30, { knownExploited: true }), [PANOS], { ageDays: 2 });
    expect(evaluation(d).conditions).toEqual(['knownExploited']);
  });

  it('a scan time in the future (clock skew) counts as fresh', () => {
    expect(evaluate(age(1), [], { ageDays: -3 }).decision).toBe('Allow');
  });

  it('an Audit rule with a maximum age audits, never denies', () => {
    expect(evaluate({ action: 'Audit', ...age(7) }, [], { ageDays: 8 }).decision).toBe('Audit');
  });
});
