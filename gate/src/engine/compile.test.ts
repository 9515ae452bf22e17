import { matchValue, type ResourceCondition } from '@gated/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { policy, rule } from '../testing/builders.js';
import { compilePolicy, normalizeRegistryHost } from './compile.js';
import { candidateRules, candidateRulesForImage } from './rule-index.js';

const ns = (match: ResourceCondition['match'], value: string): ResourceCondition => ({
  kind: 'Namespace',
  match,
  value,
});

describe('compilePolicy', () => {
  it('drops disabled rules, rules outside the cloud scope and rules whose Cluster condition fails', () => {
    const compiled = compilePolicy(
      policy([
        rule({ id: 'kept' }),
        rule({ id: 'disabled', enabled: false }),
        rule({ id: 'other-env', scope: { name: 's', cloudScopes: ['env-9'] } }),
        rule({ id: 'this-env', scope: { name: 's', cloudScopes: ['env-9', 'env-1'] } }),
        rule({
          id: 'other-cluster',
          scope: {
            name: 's',
            resourceConditions: [{ kind: 'Cluster', match: 'Equals', value: 'aks-dev' }],
          },
        }),
      ]),
    );
    expect(compiled.rules.map((r) => r.ref.id)).toEqual(['kept', 'this-env']);
    expect(compiled.skipped).toEqual({ disabled: 1, outOfCloudScope: 1, clusterMismatch: 1 });
  });

  it('pre-parses label selectors and pre-computes exemption expiry instants', () => {
    const compiled = compilePolicy(
      policy([
        rule({
          scope: {
            name: 's',
            resourceConditions: [
              { kind: 'LabelSelector', match: 'Equals', value: 'app in (web,api)' },
            ],
          },
          exemptions: [
            {
              type: 'Namespace',
              match: 'Equals',
              value: 'dev',
              validUntil: '2026-03-29',
              timeZone: 'Europe/Berlin',
            },
            { type: 'CVE', match: 'StartsWith', value: 'CVE-2023-' },
          ],
        }),
      ]),
    );
    const [compiledRule] = compiled.rules;
    expect(compiledRule?.conditions[0]?.selector).toEqual([
      { key: 'app', operator: 'In', values: ['web', 'api'] },
    ]);
    expect(compiledRule?.resourceExemptions[0]?.expiresAt).toBe(Date.parse('2026-03-29T22:00:00Z'));
    expect(compiledRule?.cveExemptions[0]).toMatchObject({ index: 1, expiresAt: undefined });
  });

  it('normalises the ungated registry list like image references', () => {
    expect(normalizeRegistryHost(' Index.Docker.io ')).toBe('docker.io');
    expect(normalizeRegistryHost('MyACR.azurecr.io')).toBe('myacr.azurecr.io');
    expect([
      ...compilePolicy(
        policy([], { ungatedRegistries: ['registry-1.docker.io', 'localhost:5000'] }),
      ).ungatedRegistries,
    ]).toEqual(['docker.io', 'localhost:5000']);
  });
});

describe('rule index', () => {
  const compiled = compilePolicy(
    policy([
      rule({ id: 'global' }),
      rule({ id: 'prod-eq', scope: { name: 's', resourceConditions: [ns('Equals', 'prod')] } }),
      rule({
        id: 'prod-prefix',
        scope: { name: 's', resourceConditions: [ns('StartsWith', 'prod-')] },
      }),
      rule({ id: 'pr-prefix', scope: { name: 's', resourceConditions: [ns('StartsWith', 'pr')] } }),
      rule({ id: 'ends', scope: { name: 's', resourceConditions: [ns('EndsWith', '-eu')] } }),
      rule({
        id: 'both',
        scope: { name: 's', resourceConditions: [ns('StartsWith', 'p'), ns('Equals', 'prod-eu')] },
      }),
    ]),
  );

  it.each([
    ['prod', ['global', 'prod-eq', 'pr-prefix', 'ends']],
    ['prod-eu', ['global', 'prod-prefix', 'pr-prefix', 'ends', 'both']],
    ['dev', ['global', 'ends']],
    ['', ['global', 'ends']],
  ])('namespace %j → candidates %j in policy order', (namespace, ids) => {
    expect(candidateRules(compiled.index, namespace).map((r) => r.ref.id)).toEqual(ids);
  });

  it('files Equals before StartsWith, and leaves other operators unindexed', () => {
    expect(compiled.index.unindexed.map((r) => r.ref.id)).toEqual(['global', 'ends']);
    expect([...compiled.index.namespace.exact.keys()].sort()).toEqual(['prod', 'prod-eu']);
    expect(compiled.index.namespace.prefixLengths).toEqual([2, 5]);
  });

  it('files rules without a namespace key under their Image Equals / StartsWith condition, per image', () => {
    const img = (match: ResourceCondition['match'], value: string): ResourceCondition => ({
      kind: 'Image',
      match,
      value,
    });
    const c = compilePolicy(
      policy([
        rule({ id: 'global' }),
        rule({
          id: 'team-a',
          scope: { name: 's', resourceConditions: [img('StartsWith', 'myacr.azurecr.io/team-a/')] },
        }),
        rule({
          id: 'exact',
          scope: {
            name: 's',
            resourceConditions: [img('Equals', 'docker.io/library/nginx:latest')],
          },
        }),
        rule({
          id: 'ns-first',
          scope: {
            name: 's',
            resourceConditions: [
              img('Equals', 'docker.io/library/nginx:latest'),
              ns('Equals', 'prod'),
            ],
          },
        }),
        rule({
          id: 'contains',
          scope: { name: 's', resourceConditions: [img('Contains', 'team-a')] },
        }),
      ]),
    );
    const base = candidateRules(c.index, 'prod');
    const ids = (image: string) =>
      candidateRulesForImage(c.index, base, image).map((r) => r.ref.id);
    expect(ids('myacr.azurecr.io/team-a/api:1')).toEqual([
      'global',
      'team-a',
      'ns-first',
      'contains',
    ]);
    expect(ids('docker.io/library/nginx:latest')).toEqual([
      'global',
      'exact',
      'ns-first',
      'contains',
    ]);
    expect(ids('myacr.azurecr.io/team-b/api:1')).toEqual(['global', 'ns-first', 'contains']);
    expect(
      candidateRulesForImage(
        c.index,
        candidateRules(c.index, 'dev'),
        'myacr.azurecr.io/team-b/api:1',
      ).map((r) => r.ref.id),
    ).toEqual(['global', 'contains']);
  });

  it('never leaves out a rule whose namespace and image conditions hold (property)', () => {
    const names = [
      'prod',
      'prod-eu',
      'p',
      'dev',
      'pro',
      'prod-us-1',
      'a',
      'myacr.azurecr.io/',
      'myacr.azurecr.io/a:1',
      'docker.io/library/nginx:latest',
    ];
    const conditionArb = fc.record({
      kind: fc.constantFrom('Namespace' as const, 'Image' as const),
      match: fc.constantFrom(
        'Equals' as const,
        'StartsWith' as const,
        'EndsWith' as const,
        'Contains' as const,
        'NotEquals' as const,
      ),
      value: fc.constantFrom(...names),
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(conditionArb, { maxLength: 3 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom(...names, ''),
        fc.constantFrom(...names),
        (conditionSets, namespace, image) => {
          const rules = conditionSets.map((resourceConditions, i) =>
            rule({ id: `r${i}`, scope: { name: 's', resourceConditions } }),
          );
          const c = compilePolicy(policy(rules));
          const candidates = new Set(
            candidateRulesForImage(c.index, candidateRules(c.index, namespace), image).map(
              (r) => r.ref.id,
            ),
          );
          rules.forEach((r) => {
            const holds = r.scope.resourceConditions.every((cond) =>
              matchValue(cond.match, cond.kind === 'Namespace' ? namespace : image, cond.value),
            );
            if (holds) expect(candidates.has(r.id)).toBe(true);
          });
        },
      ),
    );
  });
});
