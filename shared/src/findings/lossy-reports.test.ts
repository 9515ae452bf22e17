import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors/errors.js';
import type { FindingsReport } from './findings.schema.js';
import { parseReportDocument } from './report-formats.js';

/**
 * Reports whose raw document holds vulnerability entries the parser cannot turn into findings. Each was
 * stored as a clean report (0 vulnerabilities) before; each must now be refused, saying where.
 * Real documents come from fixtures/real (README.md names their sources); the damage is made here.
 */
const real = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/real/${name}`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
const DIGEST = 'sha256:451eee8bedcb2f029756dc3e9d73bab0e7943c1ac55cff3a4861c52a0fdd3e98';
const ctx = { digest: DIGEST, now: new Date('2026-03-01T00:00:00.000Z') };

function refusal(doc: unknown): InputError {
  try {
    parseReportDocument(doc, ctx);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected the report to be refused');
}

function findings(doc: unknown): FindingsReport[] {
  const parsed = parseReportDocument(doc, ctx);
  if (parsed.kind !== 'findings') throw new Error(`expected findings, got ${parsed.kind}`);
  return parsed.reports;
}

/** Trivy's `cosign-vuln` predicate (its embedded report has `CreatedAt` as a number) under a statement. */
function cosignVuln(mutate: (trivy: Record<string, unknown>) => void) {
  const predicate = real('cosign-vuln-trivy-alpine.predicate.json');
  mutate((predicate.scanner as { result: Record<string, unknown> }).result);
  return {
    _type: 'https://in-toto.io/Statement/v0.1',
    predicateType: 'https://cosign.sigstore.dev/attestation/vuln/v1',
    subject: [{ name: 'index.docker.io/library/alpine', digest: { sha256: DIGEST.slice(7) } }],
    predicate,
  };
}

const paths = (e: InputError) => (e.errors ?? []).map((f) => f.path);

describe('a raw document with vulnerability entries that yields none is refused, never stored clean', () => {
  it('cosign vuln/v1: the embedded Trivy Vulnerabilities written as an object', () => {
    const doc = cosignVuln((trivy) => {
      const results = trivy.Results as { Vulnerabilities: unknown[] }[];
      const [first] = results[0]?.Vulnerabilities ?? [];
      if (results[0]) results[0].Vulnerabilities = { 0: first } as unknown as unknown[];
    });
    const e = refusal(doc);
    expect(e.message).toMatch(/could not be read/);
    expect(paths(e)).toEqual(['predicate.scanner.result.Results.0.Vulnerabilities']);
  });

  it('cosign vuln/v1: the embedded Trivy Results written as an object', () => {
    const doc = cosignVuln((trivy) => {
      trivy.Results = { 0: (trivy.Results as unknown[])[0] };
    });
    expect(paths(refusal(doc))).toEqual(['predicate.scanner.result.Results']);
  });

  it('Trivy JSON uploaded directly: a Vulnerabilities value that is not a list', () => {
    const doc = real('trivy-alpine-310-registry.json');
    (doc.Results as [{ Vulnerabilities: unknown }])[0].Vulnerabilities = 'see attached';
    expect(paths(refusal(doc))).toEqual(['Results.0.Vulnerabilities']);
  });

  it('Trivy JSON uploaded directly: a result that is not an object', () => {
    const doc = real('trivy-alpine-310-registry.json');
    (doc.Results as unknown[]).push('see attached', null);
    expect(paths(refusal(doc))).toEqual(['Results.1', 'Results.2']);
  });

  it('SARIF: a result naming neither a rule id nor a rule index', () => {
    const sarif = {
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'Trivy', rules: [] } },
          results: [{ message: { text: 'Package: apk-tools\nSeverity: CRITICAL' } }],
        },
      ],
    };
    expect(paths(refusal(sarif))).toEqual(['runs.0.results.0.ruleId']);
  });

  it('Trivy Operator: vulnerabilities written as an object, or missing while the summary counts findings', () => {
    const cr = real('trivy-operator-vulnerabilityreport.json');
    const report = cr.report as Record<string, unknown>;
    const list = report.vulnerabilities;
    report.vulnerabilities = { list };
    expect(paths(refusal(cr))).toEqual(['report.vulnerabilities']);
    delete report.vulnerabilities;
    const e = refusal(cr);
    expect(e.errors?.[0]?.message).toMatch(/summary counts \d+ findings/);
  });

  it('Trivy Operator: a list truncated below the summary counts is refused, saying where', () => {
    const cr = real('trivy-operator-vulnerabilityreport.json');
    const report = cr.report as Record<string, unknown>;
    report.vulnerabilities = [{ vulnerabilityID: 'CVE-1', severity: 'LOW' }];
    report.summary = { criticalCount: 3, lowCount: 1 };
    const e = refusal(cr);
    expect(paths(e)).toEqual(['report.vulnerabilities']);
    expect(e.errors?.[0]?.message).toMatch(/summary counts 4 findings but the list holds 1/);
  });

  it('Trivy Operator: repeated entries are counted before de-duplication, so a full list is accepted', () => {
    const cr = real('trivy-operator-vulnerabilityreport.json');
    const report = cr.report as Record<string, unknown>;
    const entry = {
      vulnerabilityID: 'CVE-1',
      severity: 'LOW',
      resource: 'a',
      installedVersion: '1',
    };
    report.vulnerabilities = [entry, { ...entry }];
    report.summary = { lowCount: 2 };
    expect(findings(cr)[0]?.vulnerabilities.map((v) => v.id)).toEqual(['CVE-1']);
  });

  it('a report that really has no findings is still accepted as clean', () => {
    const doc = real('trivy-alpine-310-registry.json');
    doc.Results = [{ Target: 'alpine', Class: 'os-pkgs', Type: 'alpine' }];
    expect(findings(doc)[0]?.vulnerabilities).toEqual([]);
    const cr = real('trivy-operator-vulnerabilityreport.json');
    const report = cr.report as Record<string, unknown>;
    report.vulnerabilities = [];
    report.summary = { criticalCount: 0, highCount: 0 };
    expect(findings(cr)[0]?.vulnerabilities).toEqual([]);
  });
});

describe('metadata a finding does not need never refuses a report', () => {
  it('SARIF: a rule tag that is a number, a long help text, an unnamed driver', () => {
    const sarif = {
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              rules: [
                {
                  id: 'CVE-2021-36159',
                  help: { text: 'x'.repeat(200_000) },
                  properties: { tags: ['vulnerability', 9.1, 'CRITICAL'] },
                },
              ],
            },
          },
          results: [{ ruleId: 'CVE-2021-36159', ruleIndex: 0, message: { text: 'apk-tools' } }],
        },
      ],
    };
    const [report] = findings(sarif);
    expect(report?.vulnerabilities).toEqual([
      expect.objectContaining({ id: 'CVE-2021-36159', severity: 'Critical' }),
    ]);
    expect(report?.scanner.name).toBe('unknown');
  });

  it('in-toto: a numeric scanner version and a subject name that is not text', () => {
    const doc = {
      _type: 'https://in-toto.io/Statement/v0.1',
      predicateType: 'https://in-toto.io/attestation/vulns/v0.1',
      subject: [{ name: 42, digest: { sha256: DIGEST.slice(7) } }],
      predicate: {
        scanner: {
          uri: 'pkg:github/aquasecurity/trivy@v0.50.0',
          version: 0.5,
          result: [{ id: 'CVE-2021-36159', severity: [{ method: 'nvd', score: '9.1' }] }],
        },
      },
    };
    const [report] = findings(doc);
    expect(report?.scanner).toEqual({ name: 'trivy', version: '0.5' });
    expect(report?.vulnerabilities.map((v) => v.id)).toEqual(['CVE-2021-36159']);
  });
});

describe('de-duplication', () => {
  it('keeps findings whose id and package differ even when joining them with | would read the same', () => {
    const doc = real('trivy-alpine-310-registry.json');
    doc.Results = [
      {
        Target: 'alpine',
        Vulnerabilities: [
          { VulnerabilityID: 'CVE-1|a', PkgName: 'b', Severity: 'LOW', InstalledVersion: '1' },
          { VulnerabilityID: 'CVE-1', PkgName: 'a|b', Severity: 'CRITICAL', InstalledVersion: '1' },
        ],
      },
    ];
    expect(findings(doc)[0]?.vulnerabilities.map((v) => [v.id, v.package, v.severity])).toEqual([
      ['CVE-1|a', 'b', 'Low'],
      ['CVE-1', 'a|b', 'Critical'],
    ]);
  });
});
