/**
 * Benchmark (prints figures, asserts nothing): registry lookups against a real docker-registry on
 * loopback — cold (tag HEAD + manifest + referrers tag + artifact + blob) vs cached.
 * Run from gate/: `node --import tsx src/findings/registry/registry-lookup.bench.ts`
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { RegistryFindingsSource } from './registry-findings-source.js';
import { startDockerRegistry } from './testing/docker-registry.js';
import { OciPusher } from './testing/oci-pusher.js';

const sarif = readFileSync(
  new URL('../../../../shared/src/findings/fixtures/trivy-web.sarif.json', import.meta.url),
  'utf8',
);
const IMAGES = 20;

const registry = await startDockerRegistry();
try {
  const pusher = new OciPusher(registry.host);
  const tags: { normalized: string; registry: string }[] = [];
  for (let i = 0; i < IMAGES; i++) {
    const image = await pusher.image(`bench/app${i}`, 'v1');
    await pusher.attach(
      `bench/app${i}`,
      image,
      'application/sarif+json',
      sarif,
      '2026-11-20T00:00:00Z',
    );
    tags.push({ normalized: `${registry.host}/bench/app${i}:v1`, registry: registry.host });
  }
  const source = new RegistryFindingsSource({ insecureRegistries: [registry.host] });
  const cold: number[] = [];
  for (const t of tags) {
    const start = performance.now();
    await source.lookup({ tags: [t], digests: [] }, AbortSignal.timeout(10_000));
    cold.push(performance.now() - start);
  }
  const warm: number[] = [];
  for (let round = 0; round < 50; round++) {
    for (const t of tags) {
      const start = performance.now();
      await source.lookup({ tags: [t], digests: [] }, AbortSignal.timeout(10_000));
      warm.push(performance.now() - start);
    }
  }
  const batchSource = new RegistryFindingsSource({ insecureRegistries: [registry.host] });
  const batchStart = performance.now();
  await batchSource.lookup({ tags, digests: [] }, AbortSignal.timeout(30_000));
  const batch = performance.now() - batchStart;
  const pct = (xs: number[], p: number) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return sorted[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]?.toFixed(2);
  };
  console.log(
    `cold single-image lookup (${IMAGES}): p50 ${pct(cold, 50)} ms, p95 ${pct(cold, 95)} ms`,
  );
  console.log(`cached lookup (${warm.length}): p50 ${pct(warm, 50)} ms, p99 ${pct(warm, 99)} ms`);
  console.log(`cold batch of ${IMAGES} images (concurrency 8): ${batch.toFixed(1)} ms`);
} finally {
  await registry.stop();
}
