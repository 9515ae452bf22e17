#!/usr/bin/env node
// The README's two commands, `npm start` and `npm test`, end here. A fresh clone has only Node 20
// and npm, so this script brings everything else the product needs:
//   1. pnpm (pinned in package.json) into .cache/pnpm via npm, so turbo finds a `pnpm` binary;
//   2. for tests, the Debian packages the suites drive for real (Chromium, kubectl, docker-registry,
//      faketime);
//   3. the workspace install from the committed lockfile, then turbo (start) or the test pipeline
//      of scripts/test-pipeline.mjs (test), which prints each stage's duration at the end.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { printTimings, runStages, testStages } from './test-pipeline.mjs';

const root = path.resolve(import.meta.dirname, '..');
const mode = process.argv[2];
if (mode !== 'start' && mode !== 'test') {
  console.error('usage: node scripts/run.mjs start|test');
  process.exit(2);
}

const pnpmVersion = JSON.parse(
  readFileSync(path.join(root, 'package.json'), 'utf8'),
).packageManager.split('@')[1];
const pnpmPrefix = path.join(root, '.cache', 'pnpm');
const pnpmBin = path.join(pnpmPrefix, 'bin', 'pnpm');
const env = {
  ...process.env,
  PATH: `${path.join(pnpmPrefix, 'bin')}${path.delimiter}${process.env.PATH}`,
  TURBO_TELEMETRY_DISABLED: '1',
  COREPACK_ENABLE_STRICT: '0',
};

function run(cmd, args, opts = {}) {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  execFileSync(cmd, args, { stdio: 'inherit', cwd: root, env, ...opts });
}

function has(binary) {
  try {
    execFileSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function ensurePnpm() {
  if (existsSync(pnpmBin)) {
    try {
      if (execFileSync(pnpmBin, ['--version'], { env }).toString().trim() === pnpmVersion) return;
    } catch {
      /* reinstall below */
    }
  }
  run('npm', [
    'install',
    '--global',
    '--prefix',
    pnpmPrefix,
    '--no-audit',
    '--no-fund',
    `pnpm@${pnpmVersion}`,
  ]);
}

/** Debian packages the test suites use as real peers: a browser, a Kubernetes client, a registry. */
function ensureSystemPackages() {
  const wanted = [
    ['chromium', 'chromium'],
    ['kubectl', 'kubernetes-client'],
    ['docker-registry', 'docker-registry'],
    ['faketime', 'faketime'],
    ['buildah', 'buildah'],
    ['debootstrap', 'debootstrap'],
    ['promtool', 'prometheus'],
  ].filter(
    ([binary]) =>
      !has(binary) && !(binary === 'docker-registry' && existsSync('/usr/bin/docker-registry')),
  );
  if (wanted.length === 0) return;
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const apt = (args) =>
    run(sudo[0] ?? 'apt-get', sudo.length ? ['apt-get', ...args] : args, {
      env: { ...env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  apt(['update']);
  apt(['install', '-y', '--no-install-recommends', ...wanted.map(([, pkg]) => pkg)]);
}

const timings = [];
const installStarted = Date.now();
ensurePnpm();
if (mode === 'test') ensureSystemPackages();
run(pnpmBin, ['install', '--frozen-lockfile']);
timings.push({ name: 'install', ms: Date.now() - installStarted, ok: true });

if (mode === 'test') {
  const ok = await runStages(testStages(root, pnpmBin), { env, cwd: root, timings });
  printTimings(timings);
  process.exit(ok ? 0 : 1);
} else {
  run(pnpmBin, ['exec', 'turbo', 'run', 'build']);
  // The demo runner starts the BFF (serving the portal), a local gate and a traffic source, and
  // stops them all on Ctrl-C.
  const child = spawn(pnpmBin, ['--filter', '@gated/e2e', 'run', 'demo'], {
    stdio: 'inherit',
    cwd: root,
    env,
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}
