/**
 * The fast paths (`in-scope` and `none` wording: fewer or no sentences) and the explaining path of
 * `ruleApplies` must give the same answer for every label selector and every label set: the fast
 * paths only exist to skip building reasons, so a fast "does not hold" that the explaining path
 * would call "holds" is the bug this looks for.
 */
import type { ResourceCondition } from '@gated/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lookupOf, policy, rule } from '../testing/builders.js';
import { compilePolicy } from './compile.js';
import { imageFacts } from './image-facts.js';
import { ruleApplies } from './scope.js';
import type { AdmissionSubject, SubjectImage } from './types.js';

const IMAGE: SubjectImage = {
  container: 'api',
  containerType: 'container',
  reference: 'myacr.azurecr.io/shop/api:1.4',
};
const KEYS = ['app', 'tier', 'team', 'example.com/owner', 'canary'];
const VALUES = ['web', 'api', 'db', 'backend', 'x', ''];

const requirement = fc.oneof(
  fc
    .tuple(fc.constantFrom(...KEYS), fc.constantFrom('=', '==', '!='), fc.constantFrom(...VALUES))
    .map(([k, op, v]) => `${k}${op}${v}`),
  fc
    .tuple(
      fc.constantFrom(...KEYS),
      fc.constantFrom('in', 'notin'),
      fc.uniqueArray(fc.constantFrom(...VALUES.filter(Boolean)), { minLength: 1, maxLength: 3 }),
    )
    .map(([k, op, vs]) => `${k} ${op} (${vs.join(',')})`),
  fc.constantFrom(...KEYS).map((k) => k),
  fc.constantFrom(...KEYS).map((k) => `!${k}`),
);
// Selectors as admins type them, valid or not (an invalid one never applies, on both paths).
const selector = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.array(requirement, { minLength: 1, maxLength: 4 }).map((r) => r.join(',')),
  },
  { weight: 1, arbitrary: fc.constantFrom('', ',', 'app in web', '=web', 'app==', 'a b', '!(x)') },
);
const labels = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 5 });
const match = fc.constantFrom<ResourceCondition['match']>(
  'Equals',
  'NotEquals',
  'StartsWith',
  'Contains',
);

function subjectWith(podLabels: Record<string, string>): AdmissionSubject {
  return {
    operation: 'CREATE',
    dryRun: false,
    namespace: 'shop',
    kind: 'Deployment',
    name: 'web',
    owner: null,
    controllerOwned: false,
    deploymentName: 'web',
    podName: 'web',
    labels: podLabels,
    user: 'alice@example.com',
    images: [IMAGE],
    previousImages: new Set(),
  };
}

describe('label selector conditions: the fast and the explaining path agree', () => {
  it('on every selector, operator and label set', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(selector, match), { minLength: 1, maxLength: 3 }),
        labels,
        (conds, podLabels) => {
          // Built past the schema on purpose: the control plane refuses invalid selectors and other
          // operators, but the engine must still read a policy it did not validate the same way twice.
          const stored = rule();
          const compiled = compilePolicy({
            ...policy([]),
            rules: [
              {
                ...stored,
                scope: {
                  ...stored.scope,
                  resourceConditions: conds.map(([value, m]) => ({
                    kind: 'LabelSelector',
                    match: m,
                    value,
                  })),
                },
              },
            ],
          });
          const only = compiled.rules[0];
          if (!only) throw new Error('the rule did not compile');
          const subject = subjectWith(podLabels);
          const image = imageFacts(IMAGE, subject, compiled, lookupOf());
          const explained = ruleApplies(only, subject, image, 0, 'all').applies;
          expect(ruleApplies(only, subject, image, 0, 'in-scope').applies).toBe(explained);
          expect(ruleApplies(only, subject, image, 0, 'none').applies).toBe(explained);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
