/**
 * Builds, pushes and runs the images with Debian's buildah, no daemon: `buildah bud --isolation
 * chroot`, `buildah push` to a local docker-registry, `buildah from` the pushed reference and
 * `buildah run --isolation chroot --network host` of the image's own entrypoint (podman run fails
 * on these machines' rlimits and cgroups).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../support/services.js';

const run = promisify(execFile);

export const DEFAULT_BASE = 'docker.io/library/node:20-slim';
/** The CA bundle of this machine; a TLS-intercepting proxy's CA is in it (passed as a build secret). */
const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

async function buildah(args: string[], timeoutMs = 15 * 60_000): Promise<string> {
  const { stdout } = await run('buildah', args, {
    cwd: REPO_ROOT,
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout.trim();
}

/**
 * The base to build on: the official image when it can be pulled, else one assembled here from
 * Debian minbase and this machine's Node (deploy/images/assemble-node-base.sh, cached).
 */
export async function chooseBase(): Promise<{ image: string; assembled: boolean }> {
  try {
    await buildah(['pull', '--quiet', '--retry', '0', DEFAULT_BASE], 60_000);
    return { image: DEFAULT_BASE, assembled: false };
  } catch {
    const { stdout } = await run(path.join(REPO_ROOT, 'deploy/images/assemble-node-base.sh'), [], {
      cwd: REPO_ROOT,
      timeout: 15 * 60_000,
    });
    return { image: stdout.trim().split('\n').at(-1) ?? '', assembled: true };
  }
}

export interface BuildOptions {
  containerfile: string;
  /** The Containerfile stage to build (`gate`, `control-plane`). */
  target: string;
  tag: string;
  base: string;
  version: string;
  revision: string;
}

export async function buildImage(o: BuildOptions): Promise<void> {
  await buildah([
    'bud',
    '--isolation',
    'chroot',
    '--layers',
    '--quiet',
    '-f',
    o.containerfile,
    '--target',
    o.target,
    '--build-arg',
    `BASE_IMAGE=${o.base}`,
    '--build-arg',
    `VERSION=${o.version}`,
    '--build-arg',
    `REVISION=${o.revision}`,
    ...(existsSync(CA_BUNDLE) ? ['--secret', `id=npm-ca,src=${CA_BUNDLE}`] : []),
    '-t',
    o.tag,
    '.',
  ]);
}

/** Pushes to a plain-HTTP registry on loopback. */
export async function pushImage(local: string, remote: string): Promise<void> {
  await buildah(['push', '--quiet', '--tls-verify=false', local, `docker://${remote}`]);
}

export interface ImageConfig {
  User: string;
  Entrypoint: string[];
  Cmd?: string[];
  WorkingDir: string;
  Env: string[];
  Labels: Record<string, string>;
}

export async function imageConfig(image: string): Promise<ImageConfig> {
  const json = JSON.parse(await buildah(['inspect', '--type', 'image', image])) as {
    OCIv1: { config: ImageConfig };
  };
  return json.OCIv1.config;
}

export interface RunningContainer {
  container: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * A working container from `image` (pulled from the registry when remote), running the image's
 * entrypoint as the image's user with extra env and bind mounts; output goes to `logFile`.
 */
export async function runEntrypoint(
  image: string,
  options: { env: Record<string, string>; volumes?: string[]; logFile: string },
): Promise<RunningContainer> {
  const container = await buildah([
    'from',
    '--quiet',
    '--tls-verify=false',
    '--pull-always',
    image,
  ]);
  const config = await imageConfig(image);
  const command = [...(config.Entrypoint ?? []), ...(config.Cmd ?? [])];
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const child = spawn(
    'buildah',
    [
      'run',
      '--isolation',
      'chroot',
      '--network',
      'host',
      ...Object.entries(options.env).flatMap(([k, v]) => ['--env', `${k}=${v}`]),
      ...(options.volumes ?? []).flatMap((v) => ['--volume', v]),
      container,
      '--',
      ...command,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    container,
    child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null && child.pid) {
        // The whole group: buildah and the entrypoint it started.
        process.kill(-child.pid, 'SIGTERM');
        const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      log.end();
      await buildah(['rm', container]).catch(() => '');
    },
  };
}

/** Runs one command in a fresh container of `image` (for checks like the user id). */
export async function runOnce(image: string, command: string[]): Promise<string> {
  const container = await buildah(['from', '--quiet', '--tls-verify=false', image]);
  try {
    return await buildah(['run', '--isolation', 'chroot', container, '--', ...command]);
  } finally {
    await buildah(['rm', container]).catch(() => '');
  }
}
