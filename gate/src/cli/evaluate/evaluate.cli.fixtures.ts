/**
 * What the `gated-gate evaluate` tests share: the policy they publish, the reports they read
 * (shared/src/findings/fixtures/real), kubectl-made manifests and a runner for the built CLI.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AdmissionResponse } from '@gated/shared';

const REAL = fileURLToPath(
  new URL('../../../../shared/src/findings/fixtures/real/', import.meta.url),
);
export const IDENTITY = { clusterName: 'standalone', environmentId: 'standalone' };
export const NOW = new Date('2026-06-01T00:00:00.000Z');

export const realText = (name: string) => readFileSync(path.join(REAL, name), 'utf8');

/** The Trivy report inside Trivy's own `--format cosign-vuln` example: alpine:3.10, one Critical. */
export const ALPINE_TRIVY = JSON.stringify(
  (
    JSON.parse(realText('cosign-vuln-trivy-alpine.predicate.json')) as {
      scanner: { result: unknown };
    }
  ).scanner.result,
);
/** Trivy's registry golden file: localhost:53869/alpine:3.10, two Medium. */
export const REGISTRY_TRIVY = realText('trivy-alpine-310-registry.json');

export function policyText(exemptShop = false, denyName = 'No criticals'): string {
  return `apiVersion: gated.dev/v1
kind: SecurityRuleList
ungatedRegistries: []
rules:
  - name: ${JSON.stringify(denyName)}
    action: Deny
    scope: { name: all }
    conditions:
      severityThresholds: [{ severity: Critical, maxAllowed: 0 }]
    exemptions: ${exemptShop ? '[{ type: Namespace, match: Equals, value: shop, reason: accepted risk }]' : '[]'}
  - name: Watch mediums
    action: Audit
    scope: { name: all }
    conditions:
      severityThresholds: [{ severity: Medium, maxAllowed: 0 }]
`;
}

export function kubectl(...args: string[]): string {
  return execFileSync('kubectl', [...args, '--dry-run=client', '-o', 'yaml'], { encoding: 'utf8' });
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (`cli`, tsc output) in `cwd` with nothing in its environment but `PATH`. */
export function cliRunner(cli: string, cwd: string, searchPath: string) {
  return (args: string[], opts: { stdin?: string; env?: Record<string, string> } = {}) =>
    new Promise<CliRun>((resolve, reject) => {
      const child = spawn(process.execPath, [cli, 'evaluate', ...args], {
        cwd,
        env: { PATH: searchPath, ...opts.env },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(opts.stdin ?? '');
    });
}

export interface JsonResult {
  kind: string;
  namespace: string;
  name: string;
  decision: string;
  response: AdmissionResponse;
  decidingRule?: { name: string } | null;
  exemptionsApplied?: unknown[];
}

export function jsonResults(run: CliRun): JsonResult[] {
  return (JSON.parse(run.stdout) as { results: JsonResult[] }).results;
}

/** The gate's answer without what names the event it records (the CLI records none). */
export function comparable(response: AdmissionResponse): Omit<AdmissionResponse, 'uid'> {
  const { uid: _uid, auditAnnotations, ...rest } = response;
  const kept = Object.entries(auditAnnotations ?? {}).filter(
    ([k]) => k !== 'event-id' && k !== 'event-url',
  );
  return kept.length > 0 ? { ...rest, auditAnnotations: Object.fromEntries(kept) } : rest;
}
