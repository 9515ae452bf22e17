import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors/errors.js';
import { summarizeFindings, type FindingsReport } from './findings.schema.js';
import { detectReportFormat, parseReportBytes, parseReportDocument } from './report-formats.js';
import { applyVex } from './vex.js';

const DIGEST = 'sha256:9f2c1a0b8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170615e4d3';
const OTHER = `sha256:${'ab'.repeat(32)}`;
const text = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const json = (name: string) => JSON.parse(text(name)) as Record<string, unknown>;

function findings(doc: unknown, ctx = {}): FindingsReport[] {
  const parsed = parseReportDocument(doc, ctx);
  if (parsed.kind !== 'findings') throw new Error(`expected findings, got ${parsed.kind}`);
  return parsed.reports;
}

describe('detectReportFormat', () => {
  it.each([
    ['trivy-nginx.json', 'trivy'],
    ['grype-web.json', 'grype'],
    ['trivy-web.sarif.json', 'sarif'],
    ['grype-web.sarif.json', 'sarif'],
    ['in-toto-vulns.json', 'in-toto'],
    ['openvex-web.json', 'openvex'],
    ['cyclonedx-vex-web.json', 'cyclonedx'],
  ])('%s is %s', (file, format) => {
    expect(detectReportFormat(json(file))).toBe(format);
  });

  it('knows nothing of other JSON', () => {
    expect(detectReportFormat({ hello: 'world' })).toBeUndefined();
    expect(detectReportFormat([1, 2])).toBeUndefined();
    expect(detectReportFormat('x')).toBeUndefined();
  });
});

describe('every format parses into the same findings', () => {
  it('Grype JSON: digest, tags, severities (Negligible → Low, unknown words → Unknown), fix and CVSS', () => {
    const [report, ...rest] = findings(json('grype-web.json'));
    expect(rest).toEqual([]);
    expect(report).toMatchObject({
      digest: DIGEST,
      repository: 'myacr.azurecr.io/shop/web',
      format: 'grype',
      scannedAt: '2026-11-20T10:15:32.123Z',
    });
    expect(report?.tags).toEqual(['myacr.azurecr.io/shop/web:1.4.2']);
    expect(report?.scanner).toEqual({ name: 'grype', version: '0.74.7' });
    expect(summarizeFindings(report?.vulnerabilities ?? [])).toEqual({
      critical: 1,
      high: 0,
      medium: 1,
      low: 1,
      unknown: 1,
    });
    expect(report?.vulnerabilities[0]).toMatchObject({
      id: 'CVE-2024-45490',
      package: 'libexpat1',
      installedVersion: '2.5.0-1',
      fixedVersion: '2.5.0-1+deb12u1',
      cvss: 9.8,
    });
    expect(report?.vulnerabilities[1]?.fixedVersion).toBeUndefined();
  });

  it('Trivy SARIF: package, versions and severity from the result text; digest from run properties', () => {
    const [report] = findings(json('trivy-web.sarif.json'));
    expect(report).toMatchObject({
      digest: DIGEST,
      format: 'sarif',
      scanner: { name: 'trivy', version: '0.57.1' },
    });
    expect(report?.tags).toEqual(['myacr.azurecr.io/shop/web:1.4.2']);
    expect(report?.vulnerabilities).toEqual([
      expect.objectContaining({
        id: 'CVE-2024-45490',
        severity: 'Critical',
        package: 'libexpat1',
        installedVersion: '2.5.0-1',
        fixedVersion: '2.5.0-1+deb12u1',
        cvss: 9.8,
      }),
      expect.objectContaining({
        id: 'CVE-2023-4039',
        severity: 'Medium',
        package: 'gcc-12-base',
        installedVersion: '12.2.0-14',
      }),
    ]);
    expect(report?.vulnerabilities[1]?.fixedVersion).toBeUndefined();
  });

  it('Grype SARIF: needs the digest from the context; strips the package from the rule id', () => {
    expect(() => findings(json('grype-web.sarif.json'))).toThrow(InputError);
    const [report] = findings(json('grype-web.sarif.json'), {
      digest: OTHER,
      repository: 'r.example/app',
      source: 'registry',
      createdAt: '2026-11-19T08:00:00Z',
    });
    expect(report).toMatchObject({
      digest: OTHER,
      repository: 'r.example/app',
      source: 'registry',
      scannedAt: '2026-11-19T08:00:00.000Z',
    });
    expect(
      report?.vulnerabilities.map((v) => [
        v.id,
        v.severity,
        v.package,
        v.installedVersion,
        v.fixedVersion,
      ]),
    ).toEqual([
      ['CVE-2024-45490', 'Critical', 'libexpat1', '2.5.0-1', '2.5.0-1+deb12u1'],
      ['GHSA-h75v-3vvj-5mfj', 'Medium', 'golang.org/x/net', 'v0.6.0', '0.7.0'],
    ]);
  });

  it('in-toto vulns v0.2: subject digest, severities from words or CVSS, packages from annotations', () => {
    const [report] = findings(json('in-toto-vulns.json'));
    expect(report).toMatchObject({
      digest: DIGEST,
      format: 'in-toto',
      scanner: { name: 'trivy', version: '0.57.1' },
      scannedAt: '2026-11-20T10:15:32.000Z',
    });
    expect(
      report?.vulnerabilities.map((v) => [v.id, v.severity, v.package, v.fixedVersion, v.cvss]),
    ).toEqual([
      ['CVE-2024-45490', 'Critical', 'libexpat1', '2.5.0-1+deb12u1', 9.8],
      ['CVE-2023-4039', 'Medium', 'gcc-12-base', undefined, 4.8],
      ['CVE-2099-0002', 'Unknown', 'unknown', undefined, undefined],
    ]);
  });

  it('in-toto in a DSSE envelope (base64 payload) parses the same', () => {
    const envelope = {
      payloadType: 'application/vnd.in-toto+json',
      payload: Buffer.from(text('in-toto-vulns.json')).toString('base64'),
      signatures: [{ keyid: '', sig: 'MEUCIQ…' }],
    };
    expect(detectReportFormat(envelope)).toBe('in-toto');
    expect(findings(envelope)).toEqual(findings(json('in-toto-vulns.json')));
  });

  it('a Trivy report attached to a digest is about that digest, with the referrer time', () => {
    const doc = json('trivy-nginx.json');
    delete doc.CreatedAt;
    const [report] = findings(doc, {
      digest: OTHER,
      source: 'registry',
      createdAt: '2026-01-02T03:04:05Z',
    });
    expect(report).toMatchObject({
      digest: OTHER,
      source: 'registry',
      scannedAt: '2026-01-02T03:04:05.000Z',
      format: 'trivy',
    });
  });
});

describe('VEX suppression', () => {
  const base = () => findings(json('grype-web.json'))[0] as FindingsReport;

  it('OpenVEX not_affected for this image and package moves the finding to suppressed with its source', () => {
    const vex = parseReportDocument(json('openvex-web.json'));
    if (vex.kind !== 'vex') throw new Error('expected vex');
    const after = applyVex(base(), vex.document.statements);
    expect(after.vulnerabilities.map((v) => v.id)).toEqual([
      'CVE-2023-50495',
      'GHSA-h75v-3vvj-5mfj',
      'CVE-2099-0001',
    ]);
    expect(after.suppressed).toEqual([
      {
        id: 'CVE-2024-45490',
        package: 'libexpat1',
        status: 'not_affected',
        justification: 'vulnerable_code_not_in_execute_path',
        source: 'openvex https://contoso.example/vex/shop-web-2026-11-20',
        statement: 1,
      },
    ]);
  });

  it('CycloneDX VEX: resolved → fixed and not_affected suppress; in_triage does not', () => {
    const vex = parseReportDocument(json('cyclonedx-vex-web.json'));
    if (vex.kind !== 'vex') throw new Error('expected vex');
    const sarif = findings(json('trivy-web.sarif.json'))[0] as FindingsReport;
    const after = applyVex(sarif, vex.document.statements);
    expect(after.vulnerabilities).toEqual([]);
    expect(after.suppressed.map((s) => [s.id, s.status])).toEqual([
      ['CVE-2024-45490', 'fixed'],
      ['CVE-2023-4039', 'not_affected'],
    ]);
    // Grype's libtinfo6 finding is only in triage: it stays.
    expect(applyVex(base(), vex.document.statements).vulnerabilities.map((v) => v.id)).toContain(
      'CVE-2023-50495',
    );
  });

  it('a statement about another image does not apply', () => {
    const vex = parseReportDocument(json('openvex-web.json'));
    if (vex.kind !== 'vex') throw new Error('expected vex');
    const elsewhere = { ...base(), digest: OTHER };
    expect(applyVex(elsewhere, vex.document.statements).suppressed).toEqual([]);
  });

  it('an OpenVEX document inside an in-toto statement (vexctl attest) parses as VEX', () => {
    const statement = {
      _type: 'https://in-toto.io/Statement/v0.1',
      subject: [],
      predicateType: 'https://openvex.dev/ns/v0.2.0',
      predicate: json('openvex-web.json'),
    };
    expect(parseReportDocument(statement).kind).toBe('vex');
  });
});

describe('broken or hostile input never throws anything but InputError', () => {
  const hostile: [string, unknown][] = [
    ['null', null],
    ['a number', 42],
    ['an array', [1, 2, 3]],
    ['Grype with string matches', { matches: 'x', descriptor: { name: 'grype' } }],
    [
      'Grype with a numeric id',
      {
        matches: [{ vulnerability: { id: 1 }, artifact: { name: 'a' } }],
        descriptor: { name: 'grype' },
      },
    ],
    ['SARIF with runs of junk', { version: '2.1.0', runs: [1, 'x', null] }],
    ['SARIF with no runs', { version: '2.1.0', runs: [] }],
    [
      'in-toto with the wrong predicate',
      {
        _type: 'https://in-toto.io/Statement/v1',
        subject: [],
        predicateType: 'https://slsa.dev/provenance/v1',
        predicate: {},
      },
    ],
    [
      'DSSE with non-base64 payload',
      { payloadType: 'application/vnd.in-toto+json', payload: '%%%not base64%%%' },
    ],
    [
      'DSSE with base64 non-JSON',
      {
        payloadType: 'application/vnd.in-toto+json',
        payload: Buffer.from('hello').toString('base64'),
      },
    ],
    [
      'OpenVEX with numeric statements',
      { '@context': 'https://openvex.dev/ns/v0.2.0', statements: [1, 2] },
    ],
    ['CycloneDX with string vulnerabilities', { bomFormat: 'CycloneDX', vulnerabilities: 'none' }],
    [
      'Trivy with prototype keys',
      JSON.parse('{"ArtifactName":"x","Results":[],"__proto__":{"polluted":true}}'),
    ],
  ];
  it.each(hostile)('%s', (_name, doc) => {
    expect(() => parseReportDocument(doc)).toThrow(InputError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a report over the size limit before parsing it', () => {
    const big = `{"junk":"${'a'.repeat(2 * 1024 * 1024)}"}`;
    expect(() => parseReportBytes(big, { maxBytes: 1024 * 1024 })).toThrow(/at most 1048576/);
  });

  it('refuses bytes that are not UTF-8 JSON', () => {
    expect(() => parseReportBytes(new Uint8Array([0xff, 0xfe, 0x00]))).toThrow(InputError);
    expect(() => parseReportBytes('{"version": "2.1.0", "runs": [')).toThrow(InputError);
  });

  it('deeply nested junk is an InputError or ignored, never a stack overflow', () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    expect(() => parseReportBytes(deep)).toThrow(InputError);
    const nestedInSarif = `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"ruleId":"CVE-1","message":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}]}]}`;
    // Junk in fields we do not read is ignored without descending into it.
    const parsed = parseReportBytes(nestedInSarif, { digest: OTHER });
    expect(
      parsed.kind === 'findings' &&
        parsed.reports[0]?.vulnerabilities.map((v) => [v.id, v.package]),
    ).toEqual([['CVE-1', 'unknown']]);
  });

  it('clamps over-long strings to the schema instead of failing the whole report', () => {
    const doc = {
      matches: [
        {
          vulnerability: { id: 'CVE-2024-1', severity: 'High' },
          artifact: { name: 'p'.repeat(512), version: 'v'.repeat(256) },
        },
      ],
      descriptor: { name: 'grype' },
    };
    const [report] = findings(doc, { digest: OTHER });
    expect(report?.vulnerabilities[0]?.package).toHaveLength(512);
  });
});
