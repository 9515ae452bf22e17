/**
 * Properties over random policies, findings and objects (fast-check):
 * Audit-only policies never deny; adding an exemption or disabling a rule never makes a decision
 * stricter; the trace (worded by a second pass) agrees with the answer (made by the first); any
 * JSON as the admitted object yields a decision or a clean error, never a throw.
 */
import type { Decision, Exemption, ResourceCondition, Rule, Vulnerability } from '@gated/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DIGEST_API,
  DIGEST_INIT,
  DIGEST_NGINX,
  DIGEST_SIDECAR,
  NOW,
  lookupOf,
  policy,
  rule,
} from '../testing/builders.js';
import {
  admissionRequest,
  loadFixture,
  type FixtureName,
} from '../../testdata/k8s/admission-review.js';
import { compilePolicy } from './compile.js';
import { evaluateAdmission, evaluateSubjectDeferred } from './evaluate.js';
import { extractSubject } from './extract-subject.js';
import { isSubjectError } from './extract-subject.js';
import type { FindingsLookup } from './types.js';

const CVES = ['CVE-2024-0001', 'CVE-2024-0002', 'CVE-2024-0003', 'CVE-2023-1111', 'CVE-2022-2222'];
const SEVERITIES = ['Critical', 'High', 'Medium', 'Low'] as const;
const FIXTURES: FixtureName[] = [
  'deployment',
  'pod',
  'pod-of-replicaset',
  'replicaset',
  'cronjob',
  'job',
  'statefulset',
  'daemonset',
  'replicationcontroller',
  'pod-with-ephemeral',
];
const DIGESTS = [DIGEST_API, DIGEST_INIT, DIGEST_NGINX, DIGEST_SIDECAR];

const STRICTNESS: Record<Decision, number> = { NotGated: 0, Allow: 0, Audit: 1, Deny: 2 };

const condition: fc.Arbitrary<ResourceCondition> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('Namespace', 'Pod', 'Deployment', 'Image', 'Cluster'),
    match: fc.constantFrom('Equals', 'StartsWith', 'EndsWith', 'Contains', 'NotEquals'),
    value: fc.constantFrom(
      'shop',
      'web',
      'sh',
      'eb',
      'aks-prod',
      'myacr.azurecr.io/shop/api:1.4',
      'docker.io/',
      'x',
    ),
  }),
  fc.record({
    kind: fc.constant('LabelSelector' as const),
    match: fc.constantFrom('Equals' as const, 'NotEquals' as const),
    value: fc.constantFrom('app=web', 'tier in (backend)', '!canary', 'app'),
  }),
);

const exemption: fc.Arbitrary<Exemption> = fc
  .record({
    type: fc.constantFrom(
      'CVE',
      'Deployment',
      'Image',
      'Namespace',
      'Pod',
      'Registry',
      'Repository',
    ),
    match: fc.constantFrom('Equals', 'StartsWith', 'EndsWith', 'Contains'),
    value: fc.constantFrom(
      ...CVES,
      'CVE-2024-',
      'shop',
      'web',
      'myacr.azurecr.io',
      'myacr.azurecr.io/shop/api',
      DIGEST_API,
      'sha256:',
      'a',
    ),
    timeBound: fc.option(
      fc.record({
        validUntil: fc.constantFrom('2026-06-14', '2026-06-15', '2026-06-16'),
        timeZone: fc.constantFrom('UTC', 'Europe/Berlin', 'Pacific/Kiritimati', 'America/New_York'),
      }),
      { nil: undefined },
    ),
  })
  .map(({ timeBound, ...e }) => ({ ...e, ...(timeBound ?? {}) }));

const ruleArb: fc.Arbitrary<Rule> = fc
  .record({
    action: fc.constantFrom('Audit' as const, 'Deny' as const),
    thresholds: fc.subarray([...SEVERITIES]).chain((severities) =>
      fc.tuple(
        ...severities.map((severity) =>
          fc.record({
            severity: fc.constant(severity),
            maxAllowed: fc.integer({ min: 0, max: 3 }),
          }),
        ),
      ),
    ),
    cveIds: fc.subarray(CVES),
    blockUnscanned: fc.boolean(),
    conditions: fc.array(condition, { maxLength: 2 }),
    exemptions: fc.array(exemption, { maxLength: 2 }),
    cloudScopes: fc.constantFrom('all', 'env-1', 'env-2').map((v) => (v === 'all' ? [] : [v])),
  })
  .map((r) =>
    rule({
      action: r.action,
      blockUnscanned: r.blockUnscanned,
      conditions:
        r.thresholds.length + r.cveIds.length === 0
          ? { severityThresholds: [{ severity: 'High', maxAllowed: 0 }] }
          : { severityThresholds: r.thresholds, cveIds: r.cveIds },
      scope: { name: 's', cloudScopes: r.cloudScopes, resourceConditions: r.conditions },
      exemptions: r.exemptions,
    }),
  );

const vulnArb: fc.Arbitrary<Vulnerability> = fc.record({
  id: fc.constantFrom(...CVES),
  severity: fc.constantFrom('Critical', 'High', 'Medium', 'Low', 'Unknown'),
  package: fc.constantFrom('openssl', 'zlib'),
  installedVersion: fc.constant('1.0'),
  fixedVersion: fc.option(fc.constant('1.1'), { nil: undefined }),
});

const lookupArb: fc.Arbitrary<FindingsLookup> = fc
  .tuple(
    ...DIGESTS.map(() =>
      fc.oneof(
        fc.array(vulnArb, { maxLength: 6 }),
        fc.constantFrom('unscanned' as const, 'unavailable' as const),
      ),
    ),
  )
  .map((answers) =>
    lookupOf({
      findings: Object.fromEntries(DIGESTS.map((d, i) => [d, answers[i] ?? 'unscanned'])),
    }),
  );

const scenario = fc.record({
  rules: fc.array(ruleArb, { minLength: 1, maxLength: 5 }),
  lookup: lookupArb,
  fixture: fc.constantFrom(...FIXTURES),
  update: fc.boolean(),
  ungated: fc.subarray(['docker.io', 'localhost:5000', 'myacr.azurecr.io']),
  findingsEnabled: fc.boolean(),
});

type Scenario = {
  lookup: FindingsLookup;
  fixture: FixtureName;
  update: boolean;
  ungated: string[];
  findingsEnabled: boolean;
};

function compiledAndRequest(rules: Rule[], s: Scenario) {
  const compiled = compilePolicy(
    policy(rules, { ungatedRegistries: s.ungated, findingsEnabled: s.findingsEnabled }),
  );
  const request = admissionRequest(
    loadFixture(s.fixture),
    s.update ? { operation: 'UPDATE', oldObject: loadFixture('pod') } : {},
  );
  return { compiled, request };
}

function decide(rules: Rule[], s: Scenario): Decision {
  const { compiled, request } = compiledAndRequest(rules, s);
  const result = evaluateAdmission(request, compiled, s.lookup, NOW);
  if (isSubjectError(result)) throw new Error(result.error);
  return result.decision;
}

describe('engine properties', () => {
  it('Audit-only policies never deny', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const audit = s.rules.map((r) => ({ ...r, action: 'Audit' as const }));
        expect(decide(audit, s)).not.toBe('Deny');
      }),
    );
  });

  it('adding an exemption never makes a decision stricter', () => {
    fc.assert(
      fc.property(scenario, exemption, fc.nat(), (s, extra, pick) => {
        const before = decide(s.rules, s);
        const i = pick % s.rules.length;
        const target = s.rules[i];
        if (!target) return;
        const withExemption = s.rules.map((r, j) =>
          j === i ? { ...r, exemptions: [...r.exemptions, extra] } : r,
        );
        expect(STRICTNESS[decide(withExemption, s)]).toBeLessThanOrEqual(STRICTNESS[before]);
      }),
    );
  });

  it('disabling a rule never makes a decision stricter', () => {
    fc.assert(
      fc.property(scenario, fc.nat(), (s, pick) => {
        const before = decide(s.rules, s);
        const i = pick % s.rules.length;
        const disabled = s.rules.map((r, j) => (j === i ? { ...r, enabled: false } : r));
        expect(STRICTNESS[decide(disabled, s)]).toBeLessThanOrEqual(STRICTNESS[before]);
      }),
    );
  });

  it('the trace, worded by a second pass after the answer, agrees with the answer', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { compiled, request } = compiledAndRequest(s.rules, s);
        const subject = extractSubject(request);
        if ('error' in subject) throw new Error(subject.error);
        const { decision, trace } = evaluateSubjectDeferred(subject, compiled, s.lookup, NOW);
        const images = trace().images;
        const evaluations = images.flatMap((i) => i.rules);
        const triggered = new Set(evaluations.filter((e) => e.triggered).map((e) => e.rule.id));
        expect(new Set(decision.triggeredRules.map((r) => r.id))).toEqual(triggered);
        const hits = (list: readonly { ruleId: string; index: number }[]) =>
          new Set(list.map((h) => `${h.ruleId}#${h.index}`));
        expect(hits(decision.exemptionsApplied)).toEqual(
          hits(evaluations.flatMap((e) => e.exemptionsHit)),
        );
        const byImage = new Set(images.map((i) => i.decision));
        if (decision.decision === 'Deny') expect(byImage.has('Deny')).toBe(true);
        if (decision.decision === 'Audit') {
          expect(byImage.has('Audit')).toBe(true);
          expect(byImage.has('Deny')).toBe(false);
        }
        if (decision.decision === 'Allow')
          expect([...byImage].every((d) => d !== 'Deny' && d !== 'Audit')).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('any JSON value as object (or oldObject, or kind) yields a decision or a clean error, never a throw', () => {
    const compiled = compilePolicy(
      policy([
        rule({ blockUnscanned: true }),
        rule({
          action: 'Audit',
          scope: {
            name: 's',
            resourceConditions: [{ kind: 'LabelSelector', match: 'Equals', value: 'app' }],
          },
        }),
      ]),
    );
    const kinds = fc.constantFrom(
      'Pod',
      'Deployment',
      'ReplicaSet',
      'StatefulSet',
      'DaemonSet',
      'Job',
      'CronJob',
      'ReplicationController',
      'EphemeralContainers',
      'ConfigMap',
    );
    // Shapes close to real ones reach deeper code than uniformly random JSON.
    const podish = fc.record({
      kind: kinds,
      metadata: fc.jsonValue(),
      spec: fc.oneof(
        fc.jsonValue(),
        fc.record({ containers: fc.jsonValue(), template: fc.jsonValue() }),
      ),
    });
    fc.assert(
      fc.property(
        fc.oneof(fc.jsonValue(), podish),
        fc.jsonValue(),
        kinds,
        fc.constantFrom('CREATE', 'UPDATE', 'DELETE', 'CONNECT'),
        (object, oldObject, kind, operation) => {
          const base = admissionRequest(loadFixture('pod'));
          const request = {
            ...base,
            kind: { ...base.kind, kind },
            operation: operation as 'CREATE',
            object,
            oldObject,
          };
          const result = evaluateAdmission(request, compiled, lookupOf(), NOW);
          if (isSubjectError(result)) {
            expect(['malformed', 'ignored']).toContain(result.category);
            expect(result.error.length).toBeGreaterThan(0);
          } else {
            expect(['Allow', 'Audit', 'Deny', 'NotGated']).toContain(result.decision);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
