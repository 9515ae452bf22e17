// Prints every JS chunk of the build with its gzip size and fails the build when what the
// sign-in page plus the first screen (Environment settings) load exceeds the budget.
// Reads dist/.vite/manifest.json (build.manifest in vite.config.ts). Run after `vite build`.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 300 * 1000; // 300 KB of gzipped JS (issue 4)
const dist = join(import.meta.dirname, '..', 'dist');
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));

/** Manifest entries a first visit needs: the entry plus the two lazily imported screens. */
const FIRST_VISIT = [
  'index.html',
  'src/app/sign-in-page.tsx',
  'src/features/environment-settings/environment-settings-page.tsx',
];

const gzipSize = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const kb = (bytes) => (bytes / 1000).toFixed(1).padStart(8);

function staticClosure(key, seen = new Set()) {
  const chunk = manifest[key];
  if (!chunk || seen.has(chunk.file)) return seen;
  seen.add(chunk.file);
  for (const dep of chunk.imports ?? []) staticClosure(dep, seen);
  return seen;
}

const initial = new Set();
for (const key of FIRST_VISIT) {
  if (!manifest[key]) {
    console.error(
      `report-bundle: ${key} is not in the manifest; is it still lazy-loaded by the router?`,
    );
    process.exit(1);
  }
  for (const file of staticClosure(key)) initial.add(file);
}

const assets = join(dist, 'assets');
const rows = readdirSync(assets)
  .filter((f) => f.endsWith('.js'))
  .map((f) => {
    const file = `assets/${f}`;
    return {
      file,
      raw: statSync(join(dist, file)).size,
      gzip: gzipSize(file),
      initial: initial.has(file),
    };
  })
  .sort((a, b) => b.gzip - a.gzip);

console.log('\nJS chunks (KB; gzip level 9; * = loaded by sign-in + Environment settings)');
console.log(`${'chunk'.padEnd(58)} ${'raw'.padStart(8)} ${'gzip'.padStart(8)}`);
for (const r of rows)
  console.log(`${(r.initial ? '* ' : '  ') + r.file.padEnd(56)} ${kb(r.raw)} ${kb(r.gzip)}`);
const total = rows.reduce((s, r) => s + r.gzip, 0);
const first = rows.filter((r) => r.initial).reduce((s, r) => s + r.gzip, 0);
console.log(
  `\nall chunks: ${kb(total).trim()} KB gzip; sign-in + first screen: ${kb(first).trim()} KB gzip (budget ${BUDGET_BYTES / 1000} KB)`,
);
if (first > BUDGET_BYTES) {
  console.error(
    `report-bundle: over budget by ${kb(first - BUDGET_BYTES).trim()} KB gzip. Lazy-load more (see router.tsx).`,
  );
  process.exit(1);
}
