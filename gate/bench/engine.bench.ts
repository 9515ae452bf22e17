/**
 * Engine micro-benchmark: decisions/s for 10, 1,000 and 10,000 rules, evaluating the kubectl
 * Deployment fixture (3 containers + 1 init container, all gated) with findings in the lookup.
 * Run from gate/: `node --import tsx bench/engine.bench.ts`. Figures go to bench/ENGINE-RESULTS.md.
 *
 * Three rule mixes per size, each with the same 6 rules that apply here plus size − 6 others:
 * - namespace: the others are scoped to other teams' namespaces (Namespace Equals / StartsWith, 80 / 20);
 * - image: the others are scoped to other teams' repositories (Image StartsWith / Equals, 80 / 20);
 * - unindexed (worst case): the others only have a `Deployment Contains` condition, which no index
 *   can narrow, so every rule is tested on every image and cost grows with the rule count.
 */
import type { Rule, RuleInputDraft, Vulnerability } from '@gated/shared';
import { compilePolicy, evaluateAdmission, type FindingsLookup } from '../src/engine/index.js';
import {
  DIGEST_API,
  DIGEST_INIT,
  DIGEST_NGINX,
  DIGEST_SIDECAR,
  FIXTURE_TAGS,
  NOW,
  lookupOf,
  policy,
  rule,
  vuln,
} from '../src/testing/builders.js';
import { admissionRequest, loadFixture } from '../testdata/k8s/admission-review.js';

const SEVERITIES = ['Critical', 'High', 'Medium', 'Low', 'Unknown'] as const;

/** `n` findings with a spread of severities, like a typical distro image. */
function findings(n: number, seed: number): Vulnerability[] {
  return Array.from({ length: n }, (_, i) =>
    vuln(`CVE-2024-${String(10000 + seed * 1000 + i)}`, SEVERITIES[(i * 7 + seed) % 5] ?? 'Low', {
      package: `pkg-${i % 40}`,
    }),
  );
}

/** Like the runtime's cache after prefetch: maps, no recording (the test lookup logs every call). */
const reports = new Map(
  (
    [
      [DIGEST_API, 120],
      [DIGEST_SIDECAR, 40],
      [DIGEST_INIT, 15],
      [DIGEST_NGINX, 200],
    ] as const
  ).map(([digest, n], seed) => {
    const answer = lookupOf({ findings: { [digest]: findings(n, seed + 1) } }).findings(digest);
    return [digest, answer] as const;
  }),
);
const lookup: FindingsLookup = {
  resolveDigest: (normalized) => FIXTURE_TAGS[normalized],
  findings: (digest) => reports.get(digest) ?? { status: 'unscanned' },
};

/** Rules that apply here whatever the size: the same work in every case. */
function baseRules(): Rule[] {
  const drafts: Partial<RuleInputDraft>[] = [
    {
      name: 'default-audit-high',
      action: 'Audit',
      conditions: { severityThresholds: [{ severity: 'High', maxAllowed: 0 }] },
    },
    {
      name: 'deny-critical',
      action: 'Deny',
      conditions: { severityThresholds: [{ severity: 'Critical', maxAllowed: 5 }] },
      exemptions: [
        { type: 'CVE', match: 'StartsWith', value: 'CVE-2024-1100' },
        { type: 'CVE', match: 'Equals', value: 'CVE-2024-14003' },
      ],
    },
    {
      name: 'deny-xz',
      action: 'Deny',
      conditions: { cveIds: ['CVE-2024-3094'] },
      blockUnscanned: true,
    },
    {
      name: 'frontend-audit',
      action: 'Audit',
      scope: {
        name: 'fe',
        resourceConditions: [
          { kind: 'LabelSelector', match: 'Equals', value: 'tier in (frontend),app' },
        ],
      },
      conditions: { severityThresholds: [{ severity: 'Medium', maxAllowed: 10 }] },
    },
    {
      name: 'shop-deny',
      action: 'Deny',
      scope: {
        name: 'shop',
        resourceConditions: [{ kind: 'Namespace', match: 'Equals', value: 'shop' }],
      },
      conditions: { severityThresholds: [{ severity: 'Critical', maxAllowed: 50 }] },
    },
    {
      name: 'sh-audit',
      action: 'Audit',
      scope: {
        name: 'sh',
        resourceConditions: [{ kind: 'Namespace', match: 'StartsWith', value: 'sh' }],
      },
      conditions: { severityThresholds: [{ severity: 'Low', maxAllowed: 1000 }] },
    },
  ];
  return drafts.map((d) => rule(d));
}

type Mix = 'namespace' | 'image' | 'unindexed';

function scopeFor(mix: Mix, i: number): RuleInputDraft['scope']['resourceConditions'] {
  switch (mix) {
    case 'namespace':
      return [
        i % 5 === 4
          ? { kind: 'Namespace', match: 'StartsWith', value: `team-${i}-` }
          : { kind: 'Namespace', match: 'Equals', value: `team-${i}` },
      ];
    case 'image':
      return [
        i % 5 === 4
          ? { kind: 'Image', match: 'Equals', value: `myacr.azurecr.io/team-${i}/app:1.0` }
          : { kind: 'Image', match: 'StartsWith', value: `myacr.azurecr.io/team-${i}/` },
      ];
    case 'unindexed':
      return [{ kind: 'Deployment', match: 'Contains', value: `team-${i}` }];
  }
}

function otherRules(count: number, mix: Mix): Rule[] {
  return Array.from({ length: count }, (_, i) =>
    rule({
      name: `team-${i}`,
      action: i % 2 === 0 ? 'Deny' : 'Audit',
      scope: { name: `team-${i}`, resourceConditions: scopeFor(mix, i) },
      conditions: { severityThresholds: [{ severity: 'High', maxAllowed: i % 4 }] },
      exemptions: [{ type: 'Deployment', match: 'Equals', value: `legacy-${i}` }],
    }),
  );
}

/**
 * Wall-clock decisions/s, plus CPU µs per decision (process.cpuUsage): on a shared machine the
 * CPU figure is the steadier of the two, since waiting for a core does not count.
 */
function measure(rules: Rule[]): {
  perSecond: number;
  microseconds: number;
  cpuMicroseconds: number;
  decision: string;
} {
  const compiled = compilePolicy(policy(rules));
  const request = admissionRequest(loadFixture('deployment'));
  let decision = '';
  const run = (n: number) => {
    for (let i = 0; i < n; i++) {
      const result = evaluateAdmission(request, compiled, lookup, NOW, { eventId: 'bench' });
      decision = 'error' in result ? result.error : result.decision;
    }
  };
  // Warm-up (JIT, per-report memos): 3,000 decisions or half a second, whichever comes first.
  const warmUntil = process.hrtime.bigint() + 500_000_000n;
  for (let warmed = 0; warmed < 3000 && process.hrtime.bigint() < warmUntil; warmed += 20) run(20);
  let iterations = 0;
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  let elapsed = 0n;
  while (elapsed < 1_500_000_000n) {
    run(20);
    iterations += 20;
    elapsed = process.hrtime.bigint() - start;
  }
  const cpu = process.cpuUsage(cpuStart);
  const seconds = Number(elapsed) / 1e9;
  return {
    perSecond: iterations / seconds,
    microseconds: (seconds / iterations) * 1e6,
    cpuMicroseconds: (cpu.user + cpu.system) / iterations,
    decision,
  };
}

// Optional arguments restrict the sizes (`... engine.bench.ts 10 1000`), e.g. for profiling.
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n >= 10);
// A discarded first run, so that the first reported row is not paying for JIT compilation.
measure([...baseRules(), ...otherRules(4, 'namespace')]);
const rows: string[] = [];
for (const mix of ['namespace', 'image', 'unindexed'] as const) {
  let baseline = 0;
  let baselineCpu = 0;
  for (const size of sizes.length > 0 ? sizes : [10, 1_000, 10_000]) {
    const rules = [...baseRules(), ...otherRules(size - 6, mix)];
    const { perSecond, microseconds, cpuMicroseconds, decision } = measure(rules);
    if (baseline === 0) baseline = perSecond;
    if (baselineCpu === 0) baselineCpu = cpuMicroseconds;
    rows.push(
      `| ${mix} | ${size.toLocaleString('en-US')} | ${Math.round(perSecond).toLocaleString('en-US')} | ${microseconds.toFixed(1)} | ${cpuMicroseconds.toFixed(1)} | ${(perSecond / baseline).toFixed(2)} | ${(baselineCpu / cpuMicroseconds).toFixed(2)} | ${decision} |`,
    );
    console.log(rows.at(-1));
  }
}
console.log(
  [
    '',
    '| mix | rules | decisions/s | wall µs/decision | CPU µs/decision | ratio vs smallest (wall) | ratio (CPU) | decision |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
    ...rows,
  ].join('\n'),
);
