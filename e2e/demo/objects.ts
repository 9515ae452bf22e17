/**
 * The demo's Kubernetes objects, made by kubectl once and cached as JSON next to this file
 * (committed), so a machine without kubectl still runs the demo from the same generated objects.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  generateWorkload,
  kubectlAvailable,
  type KubeObject,
  type WorkloadSpec,
} from '../fixtures/kube.js';

const CACHE_DIR = path.join(import.meta.dirname, 'objects');

/** One file per spec; the hash makes an edited spec regenerate instead of reusing a stale object. */
function cacheFile(spec: WorkloadSpec): string {
  const hash = createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 8);
  return path.join(
    CACHE_DIR,
    `${spec.namespace}.${spec.kind.toLowerCase()}.${spec.name}.${hash}.json`,
  );
}

/** The object for `spec`: from the cache, else generated with kubectl and cached. */
export function demoObject(spec: WorkloadSpec): KubeObject {
  const file = cacheFile(spec);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as KubeObject;
  if (!kubectlAvailable()) {
    throw new Error(
      `${path.relative(process.cwd(), file)} is missing and kubectl is not installed (apt-get install kubernetes-client)`,
    );
  }
  const obj = generateWorkload(spec);
  mkdirSync(CACHE_DIR, { recursive: true });
  writeFileSync(file, `${JSON.stringify(obj, null, 2)}\n`);
  return obj;
}
