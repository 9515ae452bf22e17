/**
 * The output formats of `evaluate`, from a real run (runEvaluate in-process) on a kubectl-made
 * Deployment and Trivy's published report: SARIF checked against the shape SARIF 2.1.0 requires,
 * JUnit XML checked for escaping of a rule name full of markup, the table for its columns.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { artifactUri } from './format-sarif.js';
import { xmlAttr, xmlText } from './format-junit.js';
import { runEvaluate } from './run-evaluate.js';

const REAL = fileURLToPath(
  new URL('../../../../shared/src/findings/fixtures/real/', import.meta.url),
);
/** A rule name every markup language would choke on unescaped. */
const NASTY = `Crit <b>&amp; "quoted" 'single' ]]>`;

let dir: string;

async function evaluate(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runEvaluate(args, {
    stdin: Readable.from([]),
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    clusterToken: () => undefined,
    clock: () => Date.parse('2026-06-01T00:00:00Z'),
  });
  return { code, stdout, stderr };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'gated-formats-'));
  const predicate = JSON.parse(
    readFileSync(path.join(REAL, 'cosign-vuln-trivy-alpine.predicate.json'), 'utf8'),
  ) as { scanner: { result: unknown } };
  writeFileSync(path.join(dir, 'alpine.json'), JSON.stringify(predicate.scanner.result));
  writeFileSync(
    path.join(dir, 'registry.json'),
    readFileSync(path.join(REAL, 'trivy-alpine-310-registry.json')),
  );
  const kubectl = (...a: string[]) =>
    execFileSync('kubectl', [...a, '--dry-run=client', '-o', 'yaml'], { encoding: 'utf8' });
  writeFileSync(
    path.join(dir, 'app dir.yaml'),
    [
      kubectl('create', 'deployment', 'web', '-n', 'shop', '--image=alpine:3.10'),
      kubectl('create', 'deployment', 'api', '-n', 'shop', '--image=localhost:53869/alpine:3.10'),
      kubectl('create', 'job', 'ok', '-n', 'shop', '--image=myacr.azurecr.io/shop/ok:1'),
      kubectl('create', 'deployment', 'sys', '-n', 'kube-system', '--image=alpine:3.10'),
    ].join('---\n'),
  );
  writeFileSync(
    path.join(dir, 'policy.yaml'),
    `apiVersion: gated.dev/v1
kind: SecurityRuleList
ungatedRegistries: []
rules:
  - name: ${JSON.stringify(NASTY)}
    action: Deny
    scope: { name: all }
    conditions: { severityThresholds: [{ severity: Critical, maxAllowed: 0 }] }
  - name: Watch mediums
    action: Audit
    scope: { name: all }
    conditions: { severityThresholds: [{ severity: Medium, maxAllowed: 0 }] }
`,
  );
});

const args = (output: string) => [
  path.join(dir, 'app dir.yaml'),
  '--policy-file',
  path.join(dir, 'policy.yaml'),
  '--findings',
  path.join(dir, 'alpine.json'),
  '--findings',
  path.join(dir, 'registry.json'),
  '-o',
  output,
];

/** What SARIF 2.1.0 (sarif-schema-2.1.0.json) requires of the parts we write, strictly where it is strict. */
const Message = z.object({ text: z.string().min(1) });
const SarifSchema = z.object({
  $schema: z.string().url().optional(),
  version: z.literal('2.1.0'),
  runs: z
    .array(
      z.object({
        tool: z.object({
          driver: z.object({
            name: z.string().min(1),
            semanticVersion: z.string().optional(),
            rules: z.array(
              z.object({
                id: z.string().min(1),
                name: z.string().optional(),
                shortDescription: Message.optional(),
                defaultConfiguration: z
                  .object({ level: z.enum(['none', 'note', 'warning', 'error']) })
                  .optional(),
                properties: z.record(z.string(), z.unknown()).optional(),
              }),
            ),
          }),
        }),
        automationDetails: z.object({ id: z.string() }).optional(),
        invocations: z.array(
          z.object({ executionSuccessful: z.boolean(), exitCode: z.number().int() }),
        ),
        originalUriBaseIds: z.record(z.string(), z.object({ description: Message })).optional(),
        results: z.array(
          z.object({
            ruleId: z.string().min(1),
            ruleIndex: z.number().int().min(-1),
            level: z.enum(['none', 'note', 'warning', 'error']),
            message: Message,
            locations: z
              .array(
                z.object({
                  physicalLocation: z.object({
                    artifactLocation: z.object({
                      // A URI reference: no spaces, no backslashes.
                      uri: z.string().regex(/^[^\s\\]+$/),
                      uriBaseId: z.string().optional(),
                    }),
                    region: z.object({ startLine: z.number().int().min(1) }),
                  }),
                  logicalLocations: z
                    .array(z.object({ name: z.string(), kind: z.string() }))
                    .optional(),
                }),
              )
              .min(1),
            partialFingerprints: z.record(z.string(), z.string()).optional(),
            properties: z.record(z.string(), z.unknown()).optional(),
          }),
        ),
      }),
    )
    .length(1),
});

describe('evaluate output formats', () => {
  it('SARIF 2.1.0: one error per denial and one warning per audit, at the document line, under the deciding rule', async () => {
    const text = readFileSync(path.join(dir, 'app dir.yaml'), 'utf8');
    const secondDocumentLine = text.split('\n').indexOf('---') + 2;
    const run = await evaluate(args('sarif'));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const log = SarifSchema.parse(JSON.parse(run.stdout));
    const [sarif] = log.runs;
    expect(sarif?.invocations).toEqual([{ executionSuccessful: true, exitCode: 1 }]);
    expect(
      sarif?.results.map((r) => [
        r.level,
        r.ruleId,
        r.locations[0]?.physicalLocation.region.startLine,
      ]),
    ).toEqual([
      ['error', `file:${NASTY.toLowerCase()}`, 1],
      ['warning', 'file:watch mediums', secondDocumentLine],
    ]);
    for (const r of sarif?.results ?? []) {
      expect(sarif?.tool.driver.rules[r.ruleIndex]?.id).toBe(r.ruleId);
      expect(r.locations[0]?.physicalLocation.artifactLocation.uri).toMatch(/app%20dir\.yaml$/);
    }
    expect(sarif?.results[0]?.message.text).toContain('CVE-2021-36159');
  });

  it('artifact URIs are relative references with forward slashes', () => {
    expect(artifactUri('./deploy/app dir/web#1.yaml')).toBe('deploy/app%20dir/web%231.yaml');
    expect(artifactUri('deploy\\web.yaml')).toBe('deploy/web.yaml');
    expect(artifactUri('-')).toBe('stdin');
  });

  it('JUnit: a failure per denial with the message escaped, skipped for the excluded namespace', async () => {
    const run = await evaluate(args('junit'));
    expect(run.code).toBe(1);
    const xml = run.stdout;
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(xml).toContain('tests="4" failures="1" errors="0" skipped="1"');
    // The rule name appears only escaped: no raw markup, no CDATA terminator.
    expect(xml).not.toContain('<b>');
    expect(xml).not.toContain(']]>');
    expect(xml).toContain('Crit &lt;b&gt;&amp;amp; ');
    expect(xml).toMatch(
      /<failure type="Deny" message="Denied by security rule &quot;Crit &lt;b&gt;&amp;amp; &quot;quoted&quot; &apos;single&apos; \]\]&gt;&quot;/,
    );
    expect(xml).toMatch(
      /<testcase classname="[^"]+app dir\.yaml" name="Deployment kube-system\/sys" time="0">\n\s+<skipped message="namespace kube-system is never sent to the gate"\/>/,
    );
    // Every tag opened is closed (no parser in the tree; this counts them).
    for (const tag of ['testsuites', 'testsuite', 'testcase', 'failure', 'system-out'])
      expect((xml.match(new RegExp(`<${tag}[ >]`, 'g')) ?? []).length).toBe(
        (xml.match(new RegExp(`</${tag}>`, 'g')) ?? []).length,
      );
  });

  it('JUnit escaping drops what XML 1.0 cannot carry and keeps line breaks in attributes', () => {
    expect(xmlText('a\u0000b\u001bc\ud800d<&>')).toBe('abcd&lt;&amp;&gt;');
    expect(xmlText('emoji \ud83d\ude00 kept')).toBe('emoji \ud83d\ude00 kept');
    expect(xmlAttr(`"'\n\t`)).toBe('&quot;&apos;&#10;&#9;');
  });

  it('the table lists each workload with its decision, then the gate’s messages', async () => {
    const run = await evaluate(args('table'));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^DENY\s+Deployment shop\/web\s+Crit <b>/m);
    expect(run.stdout).toMatch(/^AUDIT\s+Deployment shop\/api\s+Watch mediums/m);
    expect(run.stdout).toMatch(/^ALLOW\s+Job shop\/ok\s+-/m);
    expect(run.stdout).toMatch(/^EXCLUDED\s+Deployment kube-system\/sys/m);
    expect(run.stdout).toContain(
      '4 workloads: 1 denied, 1 audited, 1 allowed, 0 not gated, 1 excluded',
    );
  });
});
