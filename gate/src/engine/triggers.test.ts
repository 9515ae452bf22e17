import type { RuleInputDraft, Vulnerability } from '@gated/shared';
import { describe, expect, it } from 'vitest';
import {
  DIGEST_API,
  NOW,
  lookupOf,
  policy,
  rule,
  vuln,
  type LookupSpec,
} from '../testing/builders.js';
import { admissionRequest, loadFixture } from '../../testdata/k8s/admission-review.js';
import { compilePolicy } from './compile.js';
import { evaluateAdmission } from './evaluate.js';
import { isSubjectError } from './extract-subject.js';
import type { AdmissionDecision, FindingsLookup } from './types.js';

const TAGS = { 'myacr.azurecr.io/shop/migrate:2.0': DIGEST_API };

/** 1 Critical, 2 High, 1 Medium, 1 Low, 3 Unknown. */
const MIXED: Vulnerability[] = [
  vuln('CVE-2024-0001', 'Critical', { cvss: 9.8 }),
  vuln('CVE-2024-0002', 'High', {
    package: 'zlib',
    installedVersion: '1.2.11',
    fixedVersion: '1.2.13',
  }),
  vuln('CVE-2024-0003', 'High', { fixedVersion: undefined }),
  vuln('CVE-2024-0004', 'Medium'),
  vuln('CVE-2024-0005', 'Low'),
  vuln('CVE-2024-0006', 'Unknown'),
  vuln('CVE-2024-0007', 'Unknown'),
  vuln('CVE-2024-0008', 'Unknown'),
];

function isLookup(value: LookupSpec['findings'] | FindingsLookup): value is FindingsLookup {
  return typeof (value as Partial<FindingsLookup> | undefined)?.resolveDigest === 'function';
}

/** The Job fixture (one image) under one rule. */
function evaluate(
  draft: Partial<RuleInputDraft>,
  findings: LookupSpec['findings'] | FindingsLookup,
  policyOverrides = {},
): AdmissionDecision {
  const compiled = compilePolicy(policy([rule({ name: 'r', ...draft })], policyOverrides));
  const lookup = isLookup(findings) ? findings : lookupOf({ tags: TAGS, findings });
  const result = evaluateAdmission(admissionRequest(loadFixture('job')), compiled, lookup, NOW);
  if (isSubjectError(result)) throw new Error(result.error);
  return result;
}

describe('severity thresholds are cumulative (that severity or higher; Unknown never counts)', () => {
  it.each([
    ['Critical', 0, ['1 finding at Critical or higher > 0 allowed']],
    ['Critical', 1, []],
    ['High', 2, ['3 findings at High or higher > 2 allowed']],
    ['High', 3, []],
    ['Medium', 3, ['4 findings at Medium or higher > 3 allowed']],
    ['Medium', 4, []],
    ['Low', 4, ['5 findings at Low or higher > 4 allowed']],
    ['Low', 5, []],
  ] as const)('%s with maxAllowed %i', (severity, maxAllowed, triggers) => {
    const decision = evaluate(
      { conditions: { severityThresholds: [{ severity, maxAllowed }] } },
      { [DIGEST_API]: MIXED },
    );
    expect(decision.trace.images[0]?.rules[0]?.triggers).toEqual(triggers);
    expect(decision.decision).toBe(triggers.length > 0 ? 'Deny' : 'Allow');
  });

  it('maxAllowed defaults to 0', () => {
    const decision = evaluate(
      { conditions: { severityThresholds: [{ severity: 'Medium' }] } },
      { [DIGEST_API]: [vuln('CVE-2024-0004', 'Medium')] },
    );
    expect(decision.decision).toBe('Deny');
  });

  it('any one threshold triggers, and every met one is recorded', () => {
    const decision = evaluate(
      {
        conditions: {
          severityThresholds: [
            { severity: 'Critical', maxAllowed: 5 },
            { severity: 'High', maxAllowed: 0 },
            { severity: 'Low', maxAllowed: 0 },
          ],
        },
      },
      { [DIGEST_API]: MIXED },
    );
    expect(decision.trace.images[0]?.rules[0]?.triggers).toEqual([
      '3 findings at High or higher > 0 allowed',
      '5 findings at Low or higher > 0 allowed',
    ]);
    expect(decision.worstFinding).toMatchObject({
      id: 'CVE-2024-0001',
      severity: 'Critical',
      fixedVersion: '3.0.2',
      source: 'upload:trivy',
    });
  });

  it('Unknown findings alone never trigger a threshold', () => {
    const decision = evaluate(
      { conditions: { severityThresholds: [{ severity: 'Low', maxAllowed: 0 }] } },
      { [DIGEST_API]: MIXED.slice(5) },
    );
    expect(decision.decision).toBe('Allow');
  });
});

describe('CVE conditions', () => {
  it.each([
    [['CVE-2024-0002'], ['CVE-2024-0002 present (zlib 1.2.11)']],
    [['CVE-2020-1111', 'CVE-2024-0006'], ['CVE-2024-0006 present (openssl 3.0.1)']],
    [['CVE-2020-1111'], []],
  ])('cveIds %j', (cveIds, triggers) => {
    const decision = evaluate({ conditions: { cveIds } }, { [DIGEST_API]: MIXED });
    expect(decision.trace.images[0]?.rules[0]?.triggers).toEqual(triggers);
    expect(decision.decision).toBe(triggers.length > 0 ? 'Deny' : 'Allow');
  });

  it('a listed CVE triggers even when it is Unknown severity or a threshold is not met', () => {
    const decision = evaluate(
      {
        conditions: {
          severityThresholds: [{ severity: 'Critical', maxAllowed: 10 }],
          cveIds: ['CVE-2024-0007'],
        },
      },
      { [DIGEST_API]: MIXED },
    );
    expect(decision.decision).toBe('Deny');
    expect(decision.worstFinding).toMatchObject({ id: 'CVE-2024-0007', severity: 'Unknown' });
  });
});

describe('blockUnscanned and missing findings', () => {
  const critical = {
    conditions: { severityThresholds: [{ severity: 'Critical' as const, maxAllowed: 0 }] },
  };

  it.each([
    ['unscanned', true, 'Deny', ['image not scanned (no findings report)']],
    ['unscanned', false, 'Allow', []],
    [
      'unavailable',
      true,
      'Deny',
      ['findings unavailable (lookup failed or too slow): treated as unscanned'],
    ],
    ['unavailable', false, 'Allow', []],
  ] as const)('%s image, blockUnscanned %s → %s', (status, blockUnscanned, decision, triggers) => {
    const result = evaluate({ ...critical, blockUnscanned }, { [DIGEST_API]: status });
    expect(result.decision).toBe(decision);
    expect(result.trace.images[0]?.findingsStatus).toBe(status);
    expect(result.trace.images[0]?.rules[0]?.triggers).toEqual(triggers);
  });

  it('a scanned image with no findings does not trigger blockUnscanned', () => {
    expect(evaluate({ ...critical, blockUnscanned: true }, { [DIGEST_API]: [] }).decision).toBe(
      'Allow',
    );
  });

  it('a tag that resolves to no digest is unscanned', () => {
    const compiled = compilePolicy(policy([rule({ ...critical, blockUnscanned: true })]));
    const result = evaluateAdmission(
      admissionRequest(loadFixture('job')),
      compiled,
      lookupOf({ tags: {} }),
      NOW,
    );
    if (isSubjectError(result)) throw new Error(result.error);
    expect(result.trace.images[0]).toMatchObject({
      digest: null,
      digestSource: 'unresolved',
      findingsStatus: 'unscanned',
    });
    expect(result.decision).toBe('Deny');
  });

  it('Security Findings off: every image is unscanned, its findings are ignored', () => {
    const off = { findingsEnabled: false };
    expect(evaluate(critical, { [DIGEST_API]: MIXED }, off).decision).toBe('Allow');
    const blocked = evaluate({ ...critical, blockUnscanned: true }, { [DIGEST_API]: MIXED }, off);
    expect(blocked.decision).toBe('Deny');
    expect(blocked.trace.images[0]).toMatchObject({
      digest: DIGEST_API,
      findingsStatus: 'unscanned',
    });
    expect(blocked.trace.notes).toContain(
      'Security Findings is off: every image is treated as unscanned',
    );
  });

  it('a lookup that throws counts as unavailable; an Audit rule still never denies', () => {
    const throwing: FindingsLookup = {
      resolveDigest: () => {
        throw new Error('cache exploded');
      },
      findings: () => {
        throw new Error('cache exploded');
      },
    };
    const pinned = loadFixture('job');
    const audit = evaluate({ ...critical, action: 'Audit', blockUnscanned: true }, throwing);
    expect(audit.decision).toBe('Audit');
    expect(audit.trace.images[0]?.findingsStatus).toBe('unscanned');
    // With a pinned digest the findings call itself throws → unavailable.
    const spec = (pinned.spec as { template: { spec: { containers: { image: string }[] } } })
      .template.spec;
    spec.containers = [{ image: `myacr.azurecr.io/shop/migrate@${DIGEST_API}` }];
    const compiled = compilePolicy(
      policy([rule({ ...critical, action: 'Audit', blockUnscanned: true })]),
    );
    const result = evaluateAdmission(admissionRequest(pinned), compiled, throwing, NOW);
    expect(result).toMatchObject({ decision: 'Audit' });
    expect(isSubjectError(result) ? null : result.trace.images[0]).toMatchObject({
      digestSource: 'reference',
      findingsStatus: 'unavailable',
    });
  });
});
