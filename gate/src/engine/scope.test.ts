import type { ResourceCondition, RuleInputDraft } from '@gated/shared';
import { describe, expect, it } from 'vitest';
import { NOW, lookupOf, policy, rule } from '../testing/builders.js';
import {
  admissionRequest,
  loadFixture,
  type FixtureName,
} from '../../testdata/k8s/admission-review.js';
import { compilePolicy } from './compile.js';
import { evaluateAdmission } from './evaluate.js';
import { isSubjectError } from './extract-subject.js';
import type { AdmissionDecision } from './types.js';

function evaluate(
  fixture: FixtureName,
  draft: Partial<RuleInputDraft>,
  policyOverrides = {},
): AdmissionDecision {
  const compiled = compilePolicy(policy([rule({ action: 'Audit', ...draft })], policyOverrides));
  const result = evaluateAdmission(
    admissionRequest(loadFixture(fixture)),
    compiled,
    lookupOf(),
    NOW,
  );
  if (isSubjectError(result)) throw new Error(result.error);
  return result;
}

/** How the single rule was judged for image `imageIndex` (0 = the api container). */
function judged(fixture: FixtureName, conditions: ResourceCondition[], imageIndex = 0) {
  const decision = evaluate(fixture, { scope: { name: 's', resourceConditions: conditions } });
  return decision.trace.images[imageIndex]?.rules[0];
}

describe('resource conditions × match operators', () => {
  const cases: [
    FixtureName,
    ResourceCondition['kind'],
    ResourceCondition['match'],
    string,
    boolean,
    string,
  ][] = [
    // namespace "shop"
    ['deployment', 'Namespace', 'Equals', 'shop', true, 'namespace "shop" equals "shop"'],
    ['deployment', 'Namespace', 'Equals', 'prod', false, 'namespace "shop" does not equal "prod"'],
    [
      'deployment',
      'Namespace',
      'NotEquals',
      'prod',
      true,
      'namespace "shop" does not equal "prod"',
    ],
    ['deployment', 'Namespace', 'NotEquals', 'shop', false, 'namespace "shop" equals "shop"'],
    ['deployment', 'Namespace', 'StartsWith', 'sh', true, 'namespace "shop" starts with "sh"'],
    [
      'deployment',
      'Namespace',
      'StartsWith',
      'op',
      false,
      'namespace "shop" does not start with "op"',
    ],
    ['deployment', 'Namespace', 'EndsWith', 'op', true, 'namespace "shop" ends with "op"'],
    ['deployment', 'Namespace', 'EndsWith', 'sh', false, 'namespace "shop" does not end with "sh"'],
    ['deployment', 'Namespace', 'Contains', 'ho', true, 'namespace "shop" contains "ho"'],
    ['deployment', 'Namespace', 'Contains', 'x', false, 'namespace "shop" does not contain "x"'],
    // bare pod "web-debug"
    ['pod', 'Pod', 'Equals', 'web-debug', true, 'pod "web-debug" equals "web-debug"'],
    ['pod', 'Pod', 'Equals', 'web', false, 'pod "web-debug" does not equal "web"'],
    ['pod', 'Pod', 'NotEquals', 'web', true, 'pod "web-debug" does not equal "web"'],
    ['pod', 'Pod', 'NotEquals', 'web-debug', false, 'pod "web-debug" equals "web-debug"'],
    ['pod', 'Pod', 'StartsWith', 'web-', true, 'pod "web-debug" starts with "web-"'],
    ['pod', 'Pod', 'StartsWith', 'debug', false, 'pod "web-debug" does not start with "debug"'],
    ['pod', 'Pod', 'EndsWith', '-debug', true, 'pod "web-debug" ends with "-debug"'],
    ['pod', 'Pod', 'EndsWith', 'web', false, 'pod "web-debug" does not end with "web"'],
    ['pod', 'Pod', 'Contains', 'b-d', true, 'pod "web-debug" contains "b-d"'],
    ['pod', 'Pod', 'Contains', 'api', false, 'pod "web-debug" does not contain "api"'],
    // pod of a Deployment's ReplicaSet: deployment "web" through the owner chain
    ['pod-of-replicaset', 'Deployment', 'Equals', 'web', true, 'deployment "web" equals "web"'],
    [
      'pod-of-replicaset',
      'Deployment',
      'Equals',
      'web-5d4f8c7b9',
      false,
      'deployment "web" does not equal "web-5d4f8c7b9"',
    ],
    ['replicaset', 'Deployment', 'Equals', 'web', true, 'deployment "web" equals "web"'],
    ['deployment', 'Deployment', 'NotEquals', 'api', true, 'deployment "web" does not equal "api"'],
    ['deployment', 'Deployment', 'NotEquals', 'web', false, 'deployment "web" equals "web"'],
    ['deployment', 'Deployment', 'StartsWith', 'we', true, 'deployment "web" starts with "we"'],
    ['deployment', 'Deployment', 'EndsWith', 'eb', true, 'deployment "web" ends with "eb"'],
    ['deployment', 'Deployment', 'Contains', 'e', true, 'deployment "web" contains "e"'],
    ['deployment', 'Deployment', 'Contains', 'z', false, 'deployment "web" does not contain "z"'],
    ['job', 'Deployment', 'Equals', 'migrate', false, 'deployment (none) does not equal "migrate"'],
    ['job', 'Deployment', 'NotEquals', 'web', true, 'deployment (none) does not equal "web"'],
    // image: the normalised reference
    [
      'deployment',
      'Image',
      'Equals',
      'myacr.azurecr.io/shop/api:1.4',
      true,
      'image "myacr.azurecr.io/shop/api:1.4" equals "myacr.azurecr.io/shop/api:1.4"',
    ],
    [
      'deployment',
      'Image',
      'Equals',
      'myacr.azurecr.io/shop/api',
      false,
      'image "myacr.azurecr.io/shop/api:1.4" does not equal "myacr.azurecr.io/shop/api"',
    ],
    [
      'deployment',
      'Image',
      'NotEquals',
      'myacr.azurecr.io/shop/api:1.5',
      true,
      'image "myacr.azurecr.io/shop/api:1.4" does not equal "myacr.azurecr.io/shop/api:1.5"',
    ],
    [
      'deployment',
      'Image',
      'StartsWith',
      'myacr.azurecr.io/shop/',
      true,
      'image "myacr.azurecr.io/shop/api:1.4" starts with "myacr.azurecr.io/shop/"',
    ],
    [
      'deployment',
      'Image',
      'StartsWith',
      'docker.io/',
      false,
      'image "myacr.azurecr.io/shop/api:1.4" does not start with "docker.io/"',
    ],
    [
      'deployment',
      'Image',
      'EndsWith',
      ':1.4',
      true,
      'image "myacr.azurecr.io/shop/api:1.4" ends with ":1.4"',
    ],
    [
      'deployment',
      'Image',
      'Contains',
      '/shop/',
      true,
      'image "myacr.azurecr.io/shop/api:1.4" contains "/shop/"',
    ],
    [
      'deployment',
      'Image',
      'Contains',
      'nginx',
      false,
      'image "myacr.azurecr.io/shop/api:1.4" does not contain "nginx"',
    ],
    // pod template labels app=web, tier=frontend
    ['deployment', 'LabelSelector', 'Equals', 'app=web', true, 'labels match "app=web"'],
    ['deployment', 'LabelSelector', 'Equals', 'app=db', false, 'labels do not match "app=db"'],
    [
      'deployment',
      'LabelSelector',
      'Equals',
      'tier in (frontend,backend),!canary',
      true,
      'labels match "tier in (frontend,backend),!canary"',
    ],
    ['deployment', 'LabelSelector', 'NotEquals', 'app=db', true, 'labels do not match "app=db"'],
    ['deployment', 'LabelSelector', 'NotEquals', 'app', false, 'labels match "app"'],
    ['cronjob', 'LabelSelector', 'NotEquals', 'app=web', true, 'labels do not match "app=web"'],
  ];

  it.each(cases)('%s: %s %s %j → applies %s', (fixture, kind, match, value, applies, sentence) => {
    const evaluation = judged(fixture, [{ kind, match, value }]);
    if (
      (kind === 'Namespace' || kind === 'Image') &&
      !applies &&
      (match === 'Equals' || match === 'StartsWith')
    ) {
      // Filed under another namespace or image by the rule index: not even tested (see compile.test.ts).
      expect(evaluation).toBeUndefined();
      return;
    }
    expect(evaluation?.applies).toBe(applies);
    expect(evaluation?.reason).toContain(sentence);
  });

  it('Image conditions compare the normalised form: "nginx" is docker.io/library/nginx:latest', () => {
    expect(
      judged(
        'deployment',
        [{ kind: 'Image', match: 'Equals', value: 'docker.io/library/nginx:latest' }],
        2,
      )?.applies,
    ).toBe(true);
    expect(
      judged('deployment', [{ kind: 'Image', match: 'Equals', value: 'nginx' }], 2),
    ).toBeUndefined();
    expect(
      judged('deployment', [{ kind: 'Image', match: 'EndsWith', value: '/nginx' }], 2)?.applies,
    ).toBe(false);
    // Per image: the same rule applies to the nginx container and not to the api container.
    expect(
      judged('deployment', [{ kind: 'Image', match: 'Contains', value: 'nginx' }], 0)?.applies,
    ).toBe(false);
  });

  it('conditions are AND-ed; none means the whole cloud scope', () => {
    const both = judged('deployment', [
      { kind: 'Namespace', match: 'Equals', value: 'shop' },
      { kind: 'Deployment', match: 'Equals', value: 'api' },
    ]);
    expect(both?.applies).toBe(false);
    expect(both?.reason).toBe('deployment "web" does not equal "api"');
    expect(judged('deployment', [])?.reason).toBe(
      'no resource conditions: applies to the whole cloud scope',
    );
  });

  it.each([
    ['Equals', 'aks-prod', true],
    ['Equals', 'aks-dev', false],
    ['NotEquals', 'aks-dev', true],
    ['NotEquals', 'aks-prod', false],
    ['StartsWith', 'aks-', true],
    ['StartsWith', 'eks-', false],
    ['EndsWith', '-prod', true],
    ['EndsWith', '-dev', false],
    ['Contains', 's-p', true],
    ['Contains', 'gke', false],
  ] as const)('Cluster %s %j against cluster "aks-prod" → tested %s', (match, value, tested) => {
    const decision = evaluate('deployment', {
      scope: { name: 's', resourceConditions: [{ kind: 'Cluster', match, value }] },
    });
    const evaluation = decision.trace.images[0]?.rules[0];
    if (tested) {
      expect(evaluation?.applies).toBe(true);
      expect(evaluation?.reason).toContain('cluster "aks-prod"');
    } else {
      expect(evaluation).toBeUndefined();
      expect(decision.trace.notes.join(' ')).toContain(
        '1 whose Cluster condition excludes aks-prod',
      );
    }
  });

  it.each([
    [[], true],
    [['env-1'], true],
    [['env-2', 'env-1'], true],
    [['env-2'], false],
  ])('cloud scopes %j include environment env-1: %s', (cloudScopes, tested) => {
    const decision = evaluate('deployment', { scope: { name: 's', cloudScopes } });
    expect(decision.trace.images[0]?.rules.length).toBe(tested ? 1 : 0);
  });

  it('rules indexed under other namespaces are not tested, and the trace says how many', () => {
    const decision = evaluate('deployment', {
      scope: {
        name: 's',
        resourceConditions: [{ kind: 'Namespace', match: 'StartsWith', value: 'prod-' }],
      },
    });
    expect(decision.trace.images[0]?.rules).toEqual([]);
    expect(decision.trace.notes).toContain(
      'rules not tested: 1 scoped to other namespaces or images',
    );
  });

  it('a disabled rule is never tested', () => {
    const decision = evaluate('deployment', {
      enabled: false,
      action: 'Deny',
      blockUnscanned: true,
    });
    expect(decision.decision).toBe('Allow');
    expect(decision.trace.images[0]?.rules).toEqual([]);
    expect(decision.trace.notes).toContain('rules not tested: 1 disabled');
  });
});
