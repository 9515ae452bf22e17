import type { GatePolicy, Rule, Vulnerability } from '@gated/shared';
import { describe, expect, it } from 'vitest';
import { DIGEST_API, NOW, lookupOf, policy, rule, vuln } from '../testing/builders.js';
import { admissionRequest, loadFixture } from '../../testdata/k8s/admission-review.js';
import { compilePolicy } from './compile.js';
import { evaluateAdmission, MAX_REASON, type EvaluateOptions } from './evaluate.js';
import { isSubjectError } from './extract-subject.js';
import { MAX_DENY_MESSAGE, MAX_WARNING, MAX_WARNINGS } from './messages.js';
import type { AdmissionDecision } from './types.js';

function run(
  rules: Rule[],
  vulns: Vulnerability[],
  options: EvaluateOptions = { eventId: 'evt-42' },
  overrides: Partial<GatePolicy> = {},
  object = loadFixture('job'),
): AdmissionDecision {
  const lookup = lookupOf({
    tags: { 'myacr.azurecr.io/shop/migrate:2.0': DIGEST_API },
    findings: { [DIGEST_API]: vulns },
  });
  const result = evaluateAdmission(
    admissionRequest(object),
    compilePolicy(policy(rules, overrides)),
    lookup,
    NOW,
    options,
  );
  if (isSubjectError(result)) throw new Error(result.error);
  return result;
}

const FINDINGS = [
  vuln('CVE-2024-3094', 'Critical', {
    package: 'xz-utils',
    installedVersion: '5.6.0',
    fixedVersion: '5.6.1',
    cvss: 10,
  }),
  vuln('CVE-2024-0002', 'High', {
    package: 'zlib',
    installedVersion: '1.2.11',
    fixedVersion: undefined,
  }),
  vuln('CVE-2024-0003', 'Critical', {
    package: 'openssl',
    installedVersion: '3.0.1',
    fixedVersion: '3.0.7',
    cvss: 9.1,
  }),
];

describe('Deny message', () => {
  it('names the image, the rule, the threshold, the worst CVEs with fixed versions and the portal link', () => {
    const d = run([rule({ name: 'no-criticals' })], FINDINGS);
    expect(d.decision).toBe('Deny');
    expect(d.message).toBe(
      'Denied by security rule "no-criticals": image myacr.azurecr.io/shop/migrate:2.0 (container migrate): ' +
        '2 findings at Critical or higher > 0 allowed. ' +
        'Worst: CVE-2024-3094 (Critical, xz-utils 5.6.0, fix available: 5.6.1); CVE-2024-0003 (Critical, openssl 3.0.1, fix available: 3.0.7). ' +
        'Rebuild on the fixed versions, or ask a security admin for an exemption. Details: https://portal.example.com/admissions/evt-42',
    );
    expect(d.reason).toBe(
      'denied by rule "no-criticals": 2 findings at Critical or higher > 0 allowed on myacr.azurecr.io/shop/migrate:2.0',
    );
    expect(d.auditAnnotations).toEqual({
      decision: 'Deny',
      'deciding-rule': 'no-criticals',
      'triggered-rules': 'no-criticals',
      'policy-revision': 'rev-1',
      'worst-finding': 'CVE-2024-3094 (Critical)',
      'event-id': 'evt-42',
      'event-url': 'https://portal.example.com/admissions/evt-42',
    });
  });

  it('says "no fix yet" and suggests scanning when there is nothing to quote', () => {
    expect(run([rule({ conditions: { cveIds: ['CVE-2024-0002'] } })], FINDINGS).message).toContain(
      'CVE-2024-0002 (High, zlib 1.2.11, no fix yet)',
    );
    const lookup = lookupOf({
      tags: { 'myacr.azurecr.io/shop/migrate:2.0': DIGEST_API },
      findings: { [DIGEST_API]: 'unscanned' },
    });
    const compiled = compilePolicy(policy([rule({ name: 'scanned-only', blockUnscanned: true })]));
    const result = evaluateAdmission(admissionRequest(loadFixture('job')), compiled, lookup, NOW, {
      eventId: 'evt-42',
    });
    expect(result).toMatchObject({
      decision: 'Deny',
      message:
        'Denied by security rule "scanned-only": image myacr.azurecr.io/shop/migrate:2.0 (container migrate): ' +
        'image not scanned (no findings report). Scan the image and upload its report, or ask a security admin for an exemption. ' +
        'Details: https://portal.example.com/admissions/evt-42',
    });
  });

  it('has no link without an event id or a portal URL', () => {
    expect(run([rule()], FINDINGS, {}).message).not.toContain('Details:');
    expect(run([rule()], FINDINGS, { eventId: 'e' }, { portalUrl: null }).message).not.toContain(
      'Details:',
    );
  });

  it('mentions other images and other Deny rules that triggered', () => {
    const d = run(
      [rule({ name: 'a' }), rule({ name: 'b', conditions: { cveIds: ['CVE-2024-0002'] } })],
      FINDINGS,
    );
    expect(d.message).toContain('1 more Deny rule triggered.');
  });

  it('stays within MAX_DENY_MESSAGE with 1,000 CVE ids and a huge reference, keeping the link', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `CVE-2024-${String(10000 + i)}`);
    const vulns = ids.map((id) =>
      vuln(id, 'Critical', {
        package: `pkg-${id}`,
        installedVersion: '1.0.0-very-long-version-string',
        fixedVersion: '2.0.0-very-long-version-string',
      }),
    );
    const job = loadFixture('job');
    const reference = `myacr.azurecr.io/${'deep/'.repeat(60)}migrate:2.0`;
    (
      job.spec as { template: { spec: { containers: { name: string; image: string }[] } } }
    ).template.spec.containers = [{ name: 'migrate', image: reference }];
    const lookup = lookupOf({
      tags: { [reference]: DIGEST_API },
      findings: { [DIGEST_API]: vulns },
    });
    const compiled = compilePolicy(policy([rule({ name: 'cves', conditions: { cveIds: ids } })]));
    const result = evaluateAdmission(admissionRequest(job), compiled, lookup, NOW, {
      eventId: 'evt-42',
    });
    if (isSubjectError(result)) throw new Error(result.error);
    expect(result.decision).toBe('Deny');
    expect(result.message.length).toBeLessThanOrEqual(MAX_DENY_MESSAGE);
    expect(result.message).toContain('Denied by security rule "cves"');
    expect(result.message).toMatch(/Details: https:\/\/portal\.example\.com\/admissions\/evt-42$/);
    expect(result.reason.length).toBeLessThanOrEqual(MAX_REASON);
    expect(result.trace.images[0]?.rules[0]?.triggers.at(-1)).toBe('995 more listed CVEs present');
  });
});

describe('Audit warnings', () => {
  it('one short warning per triggered rule and image', () => {
    const d = run(
      [
        rule({
          name: 'audit-high',
          action: 'Audit',
          conditions: { severityThresholds: [{ severity: 'High', maxAllowed: 0 }] },
        }),
      ],
      FINDINGS,
    );
    expect(d.warnings).toEqual([
      'security rule "audit-high" (Audit): image myacr.azurecr.io/shop/migrate:2.0: 3 findings at High or higher > 0 allowed; worst CVE-2024-3094 (Critical, xz-utils 5.6.0, fix available: 5.6.1)',
    ]);
    expect(d.message).toBe('');
  });

  it(`at most ${MAX_WARNINGS} warnings of at most ${MAX_WARNING} characters`, () => {
    const rules = Array.from({ length: 15 }, (_, i) =>
      rule({ name: `audit-${'x'.repeat(80)}-${i}`, action: 'Audit' }),
    );
    const d = run(rules, FINDINGS);
    expect(d.warnings).toHaveLength(MAX_WARNINGS);
    expect(d.warnings.every((w) => w.length <= MAX_WARNING)).toBe(true);
    expect(d.warnings.at(-1)).toBe(
      'and 6 more audit findings: https://portal.example.com/admissions/evt-42',
    );
  });
});
