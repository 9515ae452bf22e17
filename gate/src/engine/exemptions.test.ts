import type { Exemption, ExemptionMatch, ExemptionType } from '@gated/shared';
import { describe, expect, it } from 'vitest';
import { DIGEST_API, DIGEST_INIT, NOW, lookupOf, policy, rule, vuln } from '../testing/builders.js';
import { admissionRequest, loadFixture } from '../../testdata/k8s/admission-review.js';
import { compilePolicy } from './compile.js';
import { evaluateAdmission } from './evaluate.js';
import { isSubjectError } from './extract-subject.js';
import type { AdmissionDecision } from './types.js';

/** The Deployment fixture with one Critical finding on the api image, under one Deny rule with `exemptions`. */
function evaluate(
  exemptions: Exemption[],
  now = NOW,
  blockUnscanned = false,
  tags?: Record<string, string>,
): AdmissionDecision {
  const compiled = compilePolicy(
    policy([rule({ id: 'deny-critical', name: 'deny-critical', exemptions, blockUnscanned })], {
      ungatedRegistries: ['docker.io', 'localhost:5000'],
    }),
  );
  const lookup = lookupOf({
    ...(tags ? { tags } : {}),
    findings: { [DIGEST_API]: [vuln('CVE-2024-0001', 'Critical')], [DIGEST_INIT]: [] },
  });
  const result = evaluateAdmission(
    admissionRequest(loadFixture('deployment')),
    compiled,
    lookup,
    now,
  );
  if (isSubjectError(result)) throw new Error(result.error);
  return result;
}

const MATCHING: Record<Exclude<ExemptionType, 'CVE'>, Record<ExemptionMatch, string>> = {
  Namespace: { Equals: 'shop', StartsWith: 'sh', EndsWith: 'op', Contains: 'ho' },
  Pod: { Equals: 'web', StartsWith: 'we', EndsWith: 'eb', Contains: 'e' },
  Deployment: { Equals: 'web', StartsWith: 'w', EndsWith: 'b', Contains: 'we' },
  Registry: {
    Equals: 'myacr.azurecr.io',
    StartsWith: 'myacr.',
    EndsWith: '.azurecr.io',
    Contains: 'azurecr',
  },
  Repository: {
    Equals: 'myacr.azurecr.io/shop/api',
    StartsWith: 'myacr.azurecr.io/shop/',
    EndsWith: '/api',
    Contains: 'shop/api',
  },
  Image: { Equals: DIGEST_API, StartsWith: 'sha256:aaaa', EndsWith: 'aaaa', Contains: 'aaaaaaaa' },
};
const MISSING: Record<Exclude<ExemptionType, 'CVE'>, string> = {
  Namespace: 'dev',
  Pod: 'api',
  Deployment: 'api',
  Registry: 'docker.io',
  Repository: 'myacr.azurecr.io/shop/web',
  Image: `sha256:${'d'.repeat(64)}`,
};
const OPERATORS: ExemptionMatch[] = ['Equals', 'StartsWith', 'EndsWith', 'Contains'];

describe('resource exemptions × match operators', () => {
  const cases = Object.entries(MATCHING).flatMap(([type, values]) =>
    OPERATORS.map((match) => ({
      type: type as Exclude<ExemptionType, 'CVE'>,
      match,
      value: values[match],
    })),
  );

  it('without an exemption the Critical finding denies', () => {
    expect(evaluate([]).decision).toBe('Deny');
  });

  it.each(cases)('$type $match $value exempts the workload', ({ type, match, value }) => {
    const decision = evaluate([{ type, match, value }]);
    expect(decision.decision).toBe('Allow');
    const evaluation = decision.trace.images[0]?.rules[0];
    expect(evaluation?.applies).toBe(false);
    expect(evaluation?.reason).toMatch(/^exempted: /);
    expect(decision.exemptionsApplied).toEqual([
      { ruleId: 'deny-critical', index: 0, type, value },
    ]);
  });

  it.each(cases)('$type $match does not exempt a non-matching value', ({ type, match }) => {
    const decision = evaluate([{ type, match, value: MISSING[type] }]);
    expect(decision.decision).toBe('Deny');
    expect(decision.exemptionsApplied).toEqual([]);
  });

  it('an Image exemption needs a known digest: an unresolved tag is never exempted by digest', () => {
    const decision = evaluate(
      [{ type: 'Image', match: 'StartsWith', value: 'sha256:' }],
      NOW,
      true,
      {},
    );
    expect(decision.decision).toBe('Deny');
    expect(decision.trace.images[0]?.rules[0]?.triggers).toEqual([
      'image not scanned (no findings report)',
    ]);
  });
});

describe('CVE exemptions drop findings before the conditions', () => {
  it.each([
    ['Equals', 'CVE-2024-0001'],
    ['StartsWith', 'CVE-2024-'],
    ['EndsWith', '-0001'],
    ['Contains', '2024-00'],
  ] as const)('CVE %s %s', (match, value) => {
    const decision = evaluate([{ type: 'CVE', match, value }]);
    expect(decision.decision).toBe('Allow');
    const evaluation = decision.trace.images[0]?.rules[0];
    expect(evaluation?.applies).toBe(true);
    expect(evaluation?.triggered).toBe(false);
    expect(decision.exemptionsApplied).toEqual([
      { ruleId: 'deny-critical', index: 0, type: 'CVE', value, dropped: ['CVE-2024-0001'] },
    ]);
  });

  it('a CVE exemption that matches nothing changes nothing and is not recorded', () => {
    const decision = evaluate([{ type: 'CVE', match: 'Equals', value: 'CVE-2023-9999' }]);
    expect(decision.decision).toBe('Deny');
    expect(decision.exemptionsApplied).toEqual([]);
  });
});

describe('time-bound exemptions expire at the end of their day in their zone', () => {
  const cases = [
    // Berlin springs forward on 2026-03-29: the day ends at 22:00 UTC (CEST).
    { zone: 'Europe/Berlin', validUntil: '2026-03-29', end: Date.parse('2026-03-29T22:00:00Z') },
    { zone: 'Europe/Berlin', validUntil: '2026-03-28', end: Date.parse('2026-03-28T23:00:00Z') },
    // New York falls back on 2026-11-01: a 25-hour day ending at 05:00 UTC (EST).
    { zone: 'America/New_York', validUntil: '2026-11-01', end: Date.parse('2026-11-02T05:00:00Z') },
    { zone: 'UTC', validUntil: '2026-06-15', end: Date.parse('2026-06-16T00:00:00Z') },
  ];

  it.each(cases)(
    'Namespace exemption valid until $validUntil in $zone',
    ({ zone, validUntil, end }) => {
      const exemption: Exemption = {
        type: 'Namespace',
        match: 'Equals',
        value: 'shop',
        validUntil,
        timeZone: zone,
      };
      expect(evaluate([exemption], end - 1).decision).toBe('Allow');
      const expired = evaluate([exemption], end);
      expect(expired.decision).toBe('Deny');
      expect(expired.exemptionsApplied).toEqual([]);
      expect(expired.trace.images[0]?.rules[0]?.reason).toContain(
        `exemption Namespace equals "shop" expired (valid until ${validUntil} ${zone})`,
      );
    },
  );

  it.each(cases)('CVE exemption valid until $validUntil in $zone', ({ zone, validUntil, end }) => {
    const exemption: Exemption = {
      type: 'CVE',
      match: 'Equals',
      value: 'CVE-2024-0001',
      validUntil,
      timeZone: zone,
    };
    expect(evaluate([exemption], end - 1).decision).toBe('Allow');
    const expired = evaluate([exemption], end);
    expect(expired.decision).toBe('Deny');
    expect(expired.trace.images[0]?.rules[0]?.reason).toContain(
      'exemption CVE equals "CVE-2024-0001" expired',
    );
  });

  it('an expired exemption does not hide a valid one behind it', () => {
    const decision = evaluate(
      [
        {
          type: 'Namespace',
          match: 'Equals',
          value: 'shop',
          validUntil: '2026-01-01',
          timeZone: 'UTC',
        },
        { type: 'Deployment', match: 'Equals', value: 'web' },
      ],
      NOW,
    );
    expect(decision.decision).toBe('Allow');
    expect(decision.exemptionsApplied).toEqual([
      { ruleId: 'deny-critical', index: 1, type: 'Deployment', value: 'web' },
    ]);
  });
});
