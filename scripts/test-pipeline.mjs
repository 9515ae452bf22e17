// The stages of `npm test` (what CI runs): each stage is one or more lanes; the lanes of a stage
// run side by side (the 2-core machines have room for two), a stage starts when the previous one
// passed, and the duration of every lane and stage is printed at the end, pass or fail.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

/**
 * A lane: a name and the commands it runs in order. `when` (optional) decides at run time
 * whether the lane exists at all (a package that is not in this checkout).
 * @typedef {{ name: string, steps: [string, string[], object?][], when?: () => boolean }} Lane
 */

/** The pipeline, built for a checkout at `root` with pnpm at `pnpm`. */
export function testStages(root, pnpm) {
  const turbo = (...args) => [pnpm, ['exec', 'turbo', 'run', ...args]];
  return [
    { name: 'build', lanes: [{ name: 'build', steps: [turbo('build', '--concurrency=2')] }] },
    {
      name: 'static checks',
      lanes: [
        { name: 'lint+typecheck', steps: [turbo('lint', 'typecheck', '--concurrency=2')] },
        {
          name: 'format+docs',
          steps: [
            [pnpm, ['exec', 'prettier', '--check', '.', '--log-level', 'warn']],
            ['node', [path.join(root, 'scripts', 'check-repo-rules.mjs')]],
          ],
        },
      ],
    },
    {
      name: 'unit + integration',
      lanes: [
        // The web suite owns its clock; it runs 400 days ahead of the machine's date to prove it.
        {
          name: 'web (+400 days)',
          steps: [['faketime', ['+400 days', pnpm, '--filter', '@gated/web', 'run', 'test']]],
        },
        {
          name: 'shared+gate+bff',
          steps: [turbo('test', '--filter=!@gated/web', '--concurrency=1')],
        },
      ],
    },
    {
      name: 'end to end',
      lanes: [
        {
          name: 'e2e (Chromium)',
          when: () => existsSync(path.join(root, 'e2e', 'playwright.config.ts')),
          steps: [[pnpm, ['--filter', '@gated/e2e', 'run', 'e2e']]],
        },
      ],
    },
    {
      name: 'container images',
      lanes: [
        {
          name: 'images (buildah)',
          steps: [[pnpm, ['--filter', '@gated/e2e', 'run', 'images']]],
        },
      ],
    },
  ];
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function runStep(lane, [cmd, args, opts = {}], env, cwd, prefix) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    for (const stream of [child.stdout, child.stderr]) {
      readline
        .createInterface({ input: stream })
        .on('line', (line) => console.log(prefix ? `[${lane}] ${line}` : line));
    }
    child.on('error', (error) => {
      console.log(`[${lane}] could not start ${cmd}: ${error.message}`);
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function runLane(lane, env, cwd, prefix) {
  const started = Date.now();
  for (const step of lane.steps) {
    console.log(`\n[${lane.name}] $ ${step[0]} ${step[1].join(' ')}`);
    const code = await runStep(lane.name, step, env, cwd, prefix);
    if (code !== 0) return { name: lane.name, ok: false, ms: Date.now() - started };
  }
  return { name: lane.name, ok: true, ms: Date.now() - started };
}

/** Runs the stages; prints the durations; resolves to true when every lane passed. */
export async function runStages(stages, { env, cwd, timings }) {
  let ok = true;
  for (const stage of stages) {
    const lanes = stage.lanes.filter((l) => !l.when || l.when());
    if (lanes.length === 0) continue;
    const started = Date.now();
    console.log(`\n=== ${stage.name} (${lanes.map((l) => l.name).join(' | ')})`);
    const results = await Promise.all(lanes.map((l) => runLane(l, env, cwd, lanes.length > 1)));
    timings.push({ name: stage.name, ms: Date.now() - started, ok: results.every((r) => r.ok) });
    for (const r of results) timings.push({ name: `  ${r.name}`, ms: r.ms, ok: r.ok });
    if (!results.every((r) => r.ok)) {
      ok = false;
      break;
    }
  }
  return ok;
}

export function printTimings(timings) {
  const width = Math.max(...timings.map((t) => t.name.length));
  console.log('\nStage durations:');
  for (const t of timings) {
    console.log(
      `  ${t.name.padEnd(width)}  ${seconds(t.ms).padStart(9)}  ${t.ok ? 'ok' : 'FAILED'}`,
    );
  }
  const total = timings.filter((t) => !t.name.startsWith('  ')).reduce((s, t) => s + t.ms, 0);
  console.log(`  ${'total'.padEnd(width)}  ${seconds(total).padStart(9)}`);
}
