#!/usr/bin/env node
// Repository rules no linter checks, run by `npm test`:
//   - comments and docs cite only what is in the repository (the product's specification and
//     stack notes live outside it; their content that the code relies on is written in docs/);
//   - no skipped, focused or todo tests, and no retries in any test runner's config: a retry or
//     a skip hides a failure instead of reporting it.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root })
  .toString()
  .split('\0')
  .filter((f) => f && f !== 'pnpm-lock.yaml' && !f.startsWith('scripts/check-repo-rules'));

function grep(pattern, files) {
  if (files.length === 0) return [];
  try {
    return execFileSync('git', ['grep', '-nE', pattern, '--', ...files], { cwd: root })
      .toString()
      .trim()
      .split('\n');
  } catch (error) {
    if (error.status === 1) return []; // no match
    throw error;
  }
}

const rules = [
  {
    what: 'cites a document that is not in the repository (write it into docs/ and cite that)',
    hits: grep(String.raw`\b(PRODUCT|STACK|STYLE|DEVELOPERS)\.md\b`, tracked),
  },
  {
    what: 'skips or focuses a test',
    hits: grep(
      String.raw`\b(it|test|describe)\.(skip|only|todo|skipIf|runIf)\(|\b(xit|xdescribe|fit|fdescribe)\(`,
      tracked.filter((f) => /\.(test|spec)\.tsx?$/.test(f) || /\/tests\//.test(f)),
    ),
  },
  {
    what: 'retries failing tests',
    hits: [
      ...grep(
        String.raw`\bretr(y|ies)\s*:`,
        tracked.filter((f) => /(vitest|playwright|vite)\.config\.[cm]?[jt]s$/.test(f)),
      ),
      ...grep(
        String.raw`\{\s*retry\s*:\s*[1-9]`,
        tracked.filter((f) => /\.(test|spec)\.tsx?$/.test(f)),
      ),
    ],
  },
];

let failed = false;
for (const rule of rules) {
  if (rule.hits.length === 0) continue;
  failed = true;
  console.error(`\n${rule.hits.length} place(s) ${rule.what}:`);
  for (const hit of rule.hits) console.error(`  ${hit}`);
}
if (failed) process.exit(1);
console.log('repository rules: ok (citations, no skipped/focused tests, no retries)');
