/** The shared package's real catalogue excerpts (shared/src/catalogues/fixtures/README.md names their sources). */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const FIXTURES = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@gated/shared')),
  '..',
  'src',
  'catalogues',
  'fixtures',
);

export const KEV_JSON = readFileSync(
  path.join(FIXTURES, 'known_exploited_vulnerabilities.2025.02.25.excerpt.json'),
  'utf8',
);
export const EPSS_CSV = readFileSync(
  path.join(FIXTURES, 'epss_scores-2026-03-28.excerpt.csv'),
  'utf8',
);
