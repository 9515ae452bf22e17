/**
 * Properties of the conditions of docs/decisions/080 over random findings and catalogues: each
 * condition denies exactly when its oracle says so, and loosening it never makes a decision stricter.
 */
import type { GateCatalogues, RuleInputDraft, Vulnerability } from '@gated/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { admissionRequest, loadFixture } from '../../testdata/k8s/admission-review.js';
import { DIGEST_API, NOW, policy, report, rule } from '../testing/builders.js';
import { compilePolicy } from './compile.js';
import { evaluateAdmission } from './evaluate.js';
import { isSubjectError } from './extract-subject.js';

const DAY = 24 * 60 * 60 * 1000;
const CVES = ['CVE-2024-0001', 'CVE-2024-0002', 'CVE-2023-1111', 'CVE-2022-2222', 'CVE-2021-44228'];

const finding: fc.Arbitrary<Vulnerability> = fc.record({
  id: fc.constantFrom(...CVES),
  severity: fc.constantFrom('Critical', 'High', 'Medium', 'Low', 'Unknown'),
  package: fc.constantFrom('openssl', 'zlib'),
  installedVersion: fc.constant('1.0'),
  fixedVersion: fc.option(fc.constant('1.1'), { nil: undefined }),
});
const findings = fc.array(finding, { maxLength: 8 });
const kevList = fc.subarray(CVES);
const scores = fc.dictionary(fc.constantFrom(...CVES), fc.double({ min: 0, max: 1, noNaN: true }));

function decide(
  draft: Partial<RuleInputDraft>,
  vulns: Vulnerability[],
  catalogues: GateCatalogues,
  ageDays = 1,
): 'Allow' | 'Deny' {
  const compiled = compilePolicy(policy([rule({ name: 'r', ...draft })], { catalogues }));
  const d = evaluateAdmission(
    admissionRequest(loadFixture('job')),
    compiled,
    {
      resolveDigest: () => DIGEST_API,
      findings: () => ({
        status: 'found',
        report: {
          ...report(DIGEST_API, vulns),
          scannedAt: new Date(NOW - ageDays * DAY).toISOString(),
        },
        source: 'upload:trivy',
      }),
    },
    NOW,
  );
  if (isSubjectError(d)) throw new Error(d.error);
  if (d.decision !== 'Allow' && d.decision !== 'Deny') throw new Error(d.decision);
  return d.decision;
}

const stamp = { version: 'v', publishedAt: '2026-01-01T00:00:00Z' };
const cats = (kev: string[], epss: Record<string, number>): GateCatalogues => ({
  kev: { ...stamp, cves: kev },
  epss: { ...stamp, minScore: 0, scores: epss },
});

describe('condition oracles', () => {
  it('knownExploited denies exactly when some finding is in the KEV list', () => {
    fc.assert(
      fc.property(findings, kevList, (vulns, kev) => {
        const expected = vulns.some((v) => kev.includes(v.id)) ? 'Deny' : 'Allow';
        expect(decide({ conditions: { knownExploited: true } }, vulns, cats(kev, {}))).toBe(
          expected,
        );
      }),
    );
  });

  it('epssAtLeast denies exactly when some finding scores at or above the threshold', () => {
    fc.assert(
      fc.property(
        findings,
        scores,
        fc.double({ min: 0, max: 1, noNaN: true }),
        (vulns, epss, t) => {
          const expected = vulns.some((v) => (epss[v.id] ?? -1) >= t) ? 'Deny' : 'Allow';
          expect(decide({ conditions: { epssAtLeast: t } }, vulns, cats([], epss))).toBe(expected);
        },
      ),
    );
  });

  it('a fixableOnly threshold denies exactly when fixable findings at that severity or higher exceed it', () => {
    const rank = { Critical: 4, High: 3, Medium: 2, Low: 1, Unknown: 0 } as const;
    fc.assert(
      fc.property(
        findings,
        fc.constantFrom('Critical', 'High', 'Medium', 'Low'),
        fc.nat(3),
        (vulns, severity, maxAllowed) => {
          const count = vulns.filter(
            (v) => v.fixedVersion && rank[v.severity] >= rank[severity] && rank[v.severity] > 0,
          ).length;
          const draft = {
            conditions: { severityThresholds: [{ severity, maxAllowed, fixableOnly: true }] },
          };
          expect(decide(draft, vulns, cats([], {}))).toBe(count > maxAllowed ? 'Deny' : 'Allow');
        },
      ),
    );
  });

  it('maxReportAgeDays denies exactly when the report is older than the maximum', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 0, max: 800 }),
        (max, age) => {
          const d = decide({ conditions: { maxReportAgeDays: max } }, [], cats([], {}), age);
          expect(d).toBe(age > max ? 'Deny' : 'Allow');
        },
      ),
    );
  });
});

describe('loosening a condition never makes a decision stricter', () => {
  const strict = (d: 'Allow' | 'Deny') => (d === 'Deny' ? 1 : 0);
  it('fixableOnly never denies where the plain threshold allows', () => {
    fc.assert(
      fc.property(findings, fc.constantFrom('Critical', 'High'), (vulns, severity) => {
        const t = (fixableOnly: boolean) => ({
          conditions: { severityThresholds: [{ severity, maxAllowed: 0, fixableOnly }] },
        });
        expect(strict(decide(t(true), vulns, cats([], {})))).toBeLessThanOrEqual(
          strict(decide(t(false), vulns, cats([], {}))),
        );
      }),
    );
  });

  it('a higher EPSS threshold or a longer maximum age never denies more', () => {
    fc.assert(
      fc.property(
        findings,
        scores,
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 0, max: 200 }),
        (vulns, epss, t, max, age) => {
          const c = cats([], epss);
          const low = decide({ conditions: { epssAtLeast: t } }, vulns, c, 0);
          const high = decide({ conditions: { epssAtLeast: t + 0.5 } }, vulns, c, 0);
          expect(strict(high)).toBeLessThanOrEqual(strict(low));
          const short = decide({ conditions: { maxReportAgeDays: max } }, vulns, c, age);
          const long = decide({ conditions: { maxReportAgeDays: max + 30 } }, vulns, c, age);
          expect(strict(long)).toBeLessThanOrEqual(strict(short));
        },
      ),
    );
  });
});
