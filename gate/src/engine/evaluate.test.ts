import { AdmissionTraceSchema, type GatePolicy, type Rule } from '@gated/shared';
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
  vuln,
  type LookupSpec,
} from '../testing/builders.js';
import {
  admissionRequest,
  loadFixture,
  type FixtureName,
  type ReviewOptions,
} from '../../testdata/k8s/admission-review.js';
import { compilePolicy } from './compile.js';
import { evaluateAdmission, imagesToLookup } from './evaluate.js';
import { extractSubject, isSubjectError } from './extract-subject.js';
import type { AdmissionDecision, AdmissionSubject } from './types.js';

const FINDINGS: LookupSpec['findings'] = {
  [DIGEST_API]: [vuln('CVE-2024-0001', 'Critical'), vuln('CVE-2024-0002', 'High')],
  [DIGEST_SIDECAR]: [vuln('CVE-2024-0010', 'High')],
  [DIGEST_INIT]: [vuln('CVE-2024-0020', 'Medium')],
  [DIGEST_NGINX]: [],
};

function run(
  rules: Rule[],
  fixture: FixtureName | Record<string, unknown> = 'deployment',
  options: ReviewOptions = {},
  overrides: Partial<GatePolicy> = {},
  lookup = lookupOf({ findings: FINDINGS }),
): AdmissionDecision {
  const object = typeof fixture === 'string' ? loadFixture(fixture) : fixture;
  const result = evaluateAdmission(
    admissionRequest(object, options),
    compilePolicy(policy(rules, overrides)),
    lookup,
    NOW,
    { eventId: 'evt-1' },
  );
  if (isSubjectError(result)) throw new Error(result.error);
  // Every trace the engine writes is a valid shared AdmissionTrace.
  AdmissionTraceSchema.parse(result.trace);
  return result;
}

function subject(fixture: FixtureName): AdmissionSubject {
  const s = extractSubject(admissionRequest(loadFixture(fixture)));
  if (isSubjectError(s)) throw new Error(s.error);
  return s;
}

const denyCritical = () => rule({ id: 'deny-critical', name: 'deny-critical' });

describe('NotGated', () => {
  it('gating off: every image NotGated, no lookups', () => {
    const lookup = lookupOf({ findings: FINDINGS });
    const d = run([denyCritical()], 'deployment', {}, { gatingEnabled: false }, lookup);
    expect(d.decision).toBe('NotGated');
    expect(d.trace.images.map((i) => i.decision)).toEqual([
      'NotGated',
      'NotGated',
      'NotGated',
      'NotGated',
    ]);
    expect(d.reason).toBe('Security Gating is off for this environment');
    expect(lookup.calls).toEqual([]);
    expect(
      imagesToLookup(subject('deployment'), compilePolicy(policy([], { gatingEnabled: false }))),
    ).toEqual([]);
  });

  it('ungated registries: exact host match of the normalised registry, ports included', () => {
    const d = run(
      [denyCritical()],
      'deployment',
      {},
      { ungatedRegistries: ['docker.io', 'localhost:5000'] },
    );
    expect(d.trace.images.map((i) => [i.registry, i.decision])).toEqual([
      ['myacr.azurecr.io', 'Deny'],
      ['localhost:5000', 'NotGated'],
      ['docker.io', 'NotGated'],
      ['myacr.azurecr.io', 'Allow'],
    ]);
    expect(d.decision).toBe('Deny');
    // `localhost` is not `localhost:5000`; `azurecr.io` is not `myacr.azurecr.io`.
    const partial = run(
      [denyCritical()],
      'deployment',
      {},
      { ungatedRegistries: ['localhost', 'azurecr.io', 'INDEX.DOCKER.IO'] },
    );
    expect(partial.trace.images.map((i) => i.decision)).toEqual([
      'Deny',
      'Allow',
      'NotGated',
      'Allow',
    ]);
  });

  it('all images ungated → NotGated', () => {
    const d = run(
      [denyCritical()],
      'deployment',
      {},
      { ungatedRegistries: ['docker.io', 'localhost:5000', 'MyACR.azurecr.io'] },
    );
    expect(d.decision).toBe('NotGated');
    expect(d.reason).toBe('every image is from an ungated registry');
    expect(d.triggeredRules).toEqual([]);
  });

  it('imagesToLookup lists the gated images once each, with pinned digests', () => {
    const compiled = compilePolicy(policy([], { ungatedRegistries: ['docker.io'] }));
    expect(imagesToLookup(subject('deployment'), compiled)).toEqual([
      { normalized: 'myacr.azurecr.io/shop/api:1.4', registry: 'myacr.azurecr.io' },
      {
        normalized: `localhost:5000/tools/sidecar@${DIGEST_SIDECAR}`,
        registry: 'localhost:5000',
        digest: DIGEST_SIDECAR,
      },
      { normalized: 'myacr.azurecr.io/shop/init-db:0.9', registry: 'myacr.azurecr.io' },
    ]);
  });
});

describe('strictest wins, with a deciding rule', () => {
  it('a triggered Deny rule beats a triggered Audit rule with a worse finding', () => {
    const audit = rule({ id: 'a', name: 'audit-critical', action: 'Audit' });
    const deny = rule({
      id: 'd',
      name: 'deny-medium',
      conditions: { severityThresholds: [{ severity: 'Medium', maxAllowed: 0 }] },
      scope: {
        name: 's',
        resourceConditions: [{ kind: 'Image', match: 'Contains', value: 'init-db' }],
      },
    });
    const d = run([audit, deny]);
    expect(d.decision).toBe('Deny');
    expect(d.decidingRule).toEqual({ id: 'd', name: 'deny-medium', action: 'Deny' });
    expect(d.triggeredRules.map((r) => r.id)).toEqual(['d', 'a']);
    expect(d.worstFinding).toMatchObject({ id: 'CVE-2024-0020', severity: 'Medium' });
  });

  it('among triggered Deny rules, the one whose worst finding is most severe decides', () => {
    const high = rule({
      id: 'h',
      name: 'a-deny-high-cve',
      conditions: { cveIds: ['CVE-2024-0010'] },
    });
    const critical = rule({
      id: 'c',
      name: 'z-deny-critical',
      conditions: { severityThresholds: [{ severity: 'Critical', maxAllowed: 0 }] },
    });
    const d = run([high, critical]);
    expect(d.decidingRule?.id).toBe('c');
    expect(d.triggeredRules.map((r) => r.id)).toEqual(['c', 'h']);
  });

  it('ties on severity are broken by rule name, whatever the policy order', () => {
    const b = rule({ id: 'b', name: 'Beta' });
    const a = rule({ id: 'a', name: 'alpha' });
    expect(run([b, a]).decidingRule?.id).toBe('a');
    expect(run([a, b]).decidingRule?.id).toBe('a');
  });

  it('nothing triggered → Allow, with the worst finding still reported', () => {
    const d = run([rule({ conditions: { cveIds: ['CVE-2020-0000'] } })]);
    expect(d.decision).toBe('Allow');
    expect(d.decidingRule).toBeNull();
    expect(d.worstFinding).toMatchObject({ id: 'CVE-2024-0001' });
    expect(d.reason).toBe('no rule triggered (1 rule tested on 4 gated images)');
    expect(d.message).toBe('');
  });

  it('Audit only → Audit with warnings and auditAnnotations', () => {
    const d = run([
      rule({
        id: 'a',
        name: 'audit-high',
        action: 'Audit',
        conditions: { severityThresholds: [{ severity: 'High', maxAllowed: 0 }] },
      }),
    ]);
    expect(d.decision).toBe('Audit');
    expect(d.warnings).toHaveLength(2);
    expect(d.warnings[0]).toContain(
      'security rule "audit-high" (Audit): image myacr.azurecr.io/shop/api:1.4: 2 findings at High or higher > 0 allowed',
    );
    expect(d.auditAnnotations).toMatchObject({
      decision: 'Audit',
      'deciding-rule': 'audit-high',
      'event-url': 'https://portal.example.com/admissions/evt-1',
    });
  });
});

describe('softening: UPDATE with running images, controller-owned pods', () => {
  it('UPDATE: images already in oldObject are audited instead of denied', () => {
    const old = loadFixture('deployment');
    const d = run([denyCritical()], 'deployment', { operation: 'UPDATE', oldObject: old });
    expect(d.decision).toBe('Audit');
    expect(d.decidingRule?.id).toBe('deny-critical');
    expect(d.trace.images[0]?.rules[0]?.softened).toBe(
      'image already in the running object (UPDATE): Deny downgraded to Audit',
    );
    expect(d.warnings[0]).toContain('(Deny downgraded to Audit)');
  });

  it('UPDATE: the Deny message quotes the new image, not a worse one that is already running', () => {
    const old = loadFixture('deployment');
    const updated = loadFixture('deployment');
    const spec = (
      updated.spec as { template: { spec: { initContainers: { image: string; name: string }[] } } }
    ).template.spec;
    spec.initContainers[0] = { name: 'init-db', image: 'myacr.azurecr.io/shop/init-db:1.0' };
    const lookup = lookupOf({
      tags: {
        'myacr.azurecr.io/shop/api:1.4': DIGEST_API,
        'myacr.azurecr.io/shop/init-db:1.0': DIGEST_INIT,
      },
      findings: FINDINGS,
    });
    const medium = rule({
      name: 'deny-medium',
      conditions: { severityThresholds: [{ severity: 'Medium', maxAllowed: 0 }] },
    });
    const d = run([medium], updated, { operation: 'UPDATE', oldObject: old }, {}, lookup);
    expect(d.decision).toBe('Deny');
    expect(d.message).toContain('image myacr.azurecr.io/shop/init-db:1.0 (initContainer init-db)');
    expect(d.message).not.toContain('shop/api');
    expect(d.worstFinding).toMatchObject({ id: 'CVE-2024-0020', severity: 'Medium' });
  });

  it('UPDATE: a new image is fully gated', () => {
    const old = loadFixture('deployment');
    const updated = loadFixture('deployment');
    const spec = (
      updated.spec as { template: { spec: { containers: { image: string; name: string }[] } } }
    ).template.spec;
    spec.containers[0] = { name: 'api', image: 'myacr.azurecr.io/shop/api:1.5' };
    const lookup = lookupOf({
      tags: { 'myacr.azurecr.io/shop/api:1.5': DIGEST_API },
      findings: FINDINGS,
    });
    expect(
      run([denyCritical()], updated, { operation: 'UPDATE', oldObject: old }, {}, lookup).decision,
    ).toBe('Deny');
  });

  it('pods/ephemeralcontainers: the new debug image is gated, the running ones softened', () => {
    const pod = loadFixture('pod-with-ephemeral');
    const lookup = lookupOf({
      tags: {
        'myacr.azurecr.io/tools/debug:1.0': DIGEST_API,
        'myacr.azurecr.io/shop/api:1.4': DIGEST_API,
      },
      findings: FINDINGS,
    });
    const d = run(
      [denyCritical()],
      pod,
      { operation: 'UPDATE', subResource: 'ephemeralcontainers', oldObject: loadFixture('pod') },
      {},
      lookup,
    );
    expect(d.decision).toBe('Deny');
    expect(d.trace.images.map((i) => `${i.containerType}:${i.decision}`)).toEqual([
      'container:Audit',
      'container:Allow',
      'container:Allow',
      'initContainer:Allow',
      'ephemeralContainer:Deny',
    ]);
  });

  it.each([
    ['pod-of-replicaset', 'Audit'],
    ['pod-of-statefulset', 'Audit'],
    ['pod', 'Deny'],
    ['replicaset', 'Deny'],
    ['deployment', 'Deny'],
    ['statefulset', 'Deny'],
    ['daemonset', 'Deny'],
    ['replicationcontroller', 'Deny'],
  ] as const)('%s → %s', (fixture, decision) => {
    const d = run([denyCritical()], fixture);
    expect(d.decision).toBe(decision);
    if (decision === 'Audit') {
      expect(d.trace.notes.join(' ')).toContain('a Deny is downgraded to Audit');
      expect(d.message).toBe('');
    }
  });

  it('Job and CronJob workloads are fully gated', () => {
    const lookup = lookupOf({
      tags: {
        'myacr.azurecr.io/shop/migrate:2.0': DIGEST_API,
        'myacr.azurecr.io/shop/report:3.1': DIGEST_API,
      },
      findings: FINDINGS,
    });
    expect(run([denyCritical()], 'job', {}, {}, lookup).decision).toBe('Deny');
    expect(run([denyCritical()], 'cronjob', {}, {}, lookup).decision).toBe('Deny');
  });
});

describe('trace and pass-through', () => {
  it('dry-run is evaluated the same way and flagged', () => {
    const d = run([denyCritical()], 'deployment', { dryRun: true });
    expect(d.decision).toBe('Deny');
    expect(d.dryRun).toBe(true);
    expect(d.trace.notes).toContain('dry run: answered the same way, no event recorded');
    expect(run([denyCritical()]).dryRun).toBe(false);
  });

  it('records per image the reference, normalised form, digest and how it was known, findings and summary', () => {
    const lookup = { ...lookupOf({ findings: FINDINGS }), digestSource: () => 'registry' as const };
    const d = run([denyCritical()], 'deployment', {}, {}, lookup);
    const [api, sidecar, nginx] = d.trace.images;
    expect(api).toMatchObject({
      container: 'api',
      reference: 'myacr.azurecr.io/shop/api:1.4',
      normalized: 'myacr.azurecr.io/shop/api:1.4',
      repository: 'shop/api',
      digest: DIGEST_API,
      digestSource: 'registry',
      findingsStatus: 'found',
      summary: { critical: 1, high: 1, medium: 0, low: 0, unknown: 0 },
    });
    expect(api?.worstFindings.map((f) => f.id)).toEqual(['CVE-2024-0001', 'CVE-2024-0002']);
    expect(sidecar).toMatchObject({ digest: DIGEST_SIDECAR, digestSource: 'reference' });
    expect(nginx).toMatchObject({
      reference: 'nginx',
      normalized: 'docker.io/library/nginx:latest',
      digestSource: 'registry',
    });
    expect(run([denyCritical()]).trace.images[0]?.digestSource).toBe('report');
  });

  it('an image reference that does not parse is gated and unscanned', () => {
    const pod = loadFixture('pod');
    (pod.spec as { containers: { name: string; image: string }[] }).containers = [
      { name: 'x', image: 'Not A Valid/Ref' },
    ];
    const d = run([rule({ blockUnscanned: true })], pod);
    expect(d.decision).toBe('Deny');
    expect(d.trace.images[0]).toMatchObject({
      normalized: 'Not A Valid/Ref',
      findingsStatus: 'unscanned',
    });
  });

  it('lists at most 50 out-of-scope rules per image, counting the rest; applicable ones are always listed', () => {
    const many = Array.from({ length: 120 }, (_, i) =>
      rule({
        id: `img-${i}`,
        scope: {
          name: 's',
          resourceConditions: [{ kind: 'Image', match: 'Contains', value: `team-${i}/` }],
        },
      }),
    );
    const d = run([...many, denyCritical()]);
    expect(d.decision).toBe('Deny');
    expect(d.trace.images[0]?.rules).toHaveLength(51);
    expect(d.trace.images[0]?.rules.at(-1)).toMatchObject({
      rule: { id: 'deny-critical' },
      applies: true,
      triggered: true,
    });
    expect(d.trace.notes).toContain(
      'up to 70 more rules per image did not apply (resource conditions unmet) and are not listed',
    );
  });

  it.each([
    ['Deny tested before Audit', ['deny-first', 'audit-second']],
    ['Audit tested before Deny', ['audit-first', 'deny-second']],
  ])("keeps an image's verdict Deny when an Audit rule also triggers on it (%s)", (_label, ids) => {
    const rules = ids.map((id) =>
      rule({ id, name: id, action: id.startsWith('deny') ? 'Deny' : 'Audit' }),
    );
    const d = run(rules, 'pod');
    expect(d.decision).toBe('Deny');
    const api = d.trace.images.find((i) => i.digest === DIGEST_API);
    expect(api?.rules.map((r) => [r.rule.id, r.triggered])).toEqual(ids.map((id) => [id, true]));
    expect(api?.decision).toBe('Deny');
  });

  it('malformed objects come back as a clean error, not a decision', () => {
    const result = evaluateAdmission(
      admissionRequest({ kind: 'Pod', metadata: { name: 'x' } }),
      compilePolicy(policy([])),
      lookupOf(),
      NOW,
    );
    expect(result).toEqual({ error: 'Pod has no pod spec at spec', category: 'malformed' });
  });
});
