import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors/errors.js';
import type { FindingsReport } from './findings.schema.js';
import { parseReportDocument } from './report-formats.js';
import { applyVex, parseCycloneDxVex, parseOpenVex } from './vex.js';

/** Scanner output as the scanners' own repositories publish it; fixtures/real/README.md names each source. */
const real = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/real/${name}`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;

const ALPINE = 'sha256:451eee8bedcb2f029756dc3e9d73bab0e7943c1ac55cff3a4861c52a0fdd3e98';
const NOW = new Date('2026-03-01T00:00:00.000Z');

function findings(doc: unknown, ctx = {}): FindingsReport[] {
  const parsed = parseReportDocument(doc, { now: NOW, ...ctx });
  if (parsed.kind !== 'findings') throw new Error(`expected findings, got ${parsed.kind}`);
  return parsed.reports;
}

/** The statement `cosign attest --type vuln --predicate vuln.json` signs: the predicate under a subject. */
function cosignVulnStatement(predicate: unknown) {
  return {
    _type: 'https://in-toto.io/Statement/v0.1',
    predicateType: 'https://cosign.sigstore.dev/attestation/vuln/v1',
    subject: [{ name: 'index.docker.io/library/alpine', digest: { sha256: ALPINE.slice(7) } }],
    predicate,
  };
}

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('cosign vuln/v1 with Trivy inside (CreatedAt as epoch seconds)', () => {
  it('reads the embedded Critical finding instead of storing the image as clean', () => {
    const [report, ...rest] = findings(
      cosignVulnStatement(real('cosign-vuln-trivy-alpine.predicate.json')),
    );
    expect(rest).toEqual([]);
    expect(report).toMatchObject({ digest: ALPINE, format: 'in-toto' });
    expect(report?.scanner).toEqual({ name: 'trivy', version: 'v0.30.1-8-gf9cb8a28' });
    expect(report?.vulnerabilities).toEqual([
      expect.objectContaining({
        id: 'CVE-2021-36159',
        severity: 'Critical',
        package: 'apk-tools',
        installedVersion: '2.10.6-r0',
        fixedVersion: '2.10.7-r0',
        cvss: 9.1,
      }),
    ]);
  });

  it('the same Trivy document uploaded on its own is accepted, its epoch CreatedAt read as the scan time', () => {
    const trivy = (real('cosign-vuln-trivy-alpine.predicate.json').scanner as { result: unknown })
      .result;
    const [report] = findings(trivy);
    expect(report).toMatchObject({
      digest: ALPINE,
      repository: 'docker.io/library/alpine',
      tags: ['docker.io/library/alpine:3.10'],
      format: 'trivy',
      scannedAt: '2021-08-25T12:20:30.000Z',
    });
    expect(report?.vulnerabilities.map((v) => v.id)).toEqual(['CVE-2021-36159']);
  });

  it('an embedded report whose entries cannot be read is refused, saying why, never stored as clean', () => {
    const predicate = real('cosign-vuln-trivy-alpine.predicate.json');
    const scanner = predicate.scanner as {
      result: { Results: [{ Vulnerabilities: [Record<string, unknown>] }] };
    };
    const vuln = scanner.result.Results[0].Vulnerabilities[0];
    delete vuln.VulnerabilityID;
    const err = inputError(() => findings(cosignVulnStatement(predicate)));
    expect(err.message).toMatch(/1 vulnerability entr(y|ies).*could not be read/);
    expect(err.errors).toContainEqual(
      expect.objectContaining({
        path: 'predicate.scanner.result.Results.0.Vulnerabilities.0.VulnerabilityID',
      }),
    );
  });

  it('a predicate result in a format we do not read, holding entries, is refused rather than empty', () => {
    const err = inputError(() =>
      findings(
        cosignVulnStatement({
          scanner: {
            uri: 'pkg:github/example/scanner@1',
            result: { findings: [{ cve: 'CVE-2024-1' }] },
          },
        }),
      ),
    );
    expect(err.message).toMatch(/result/i);
  });
});

describe('Trivy JSON as Trivy writes it (integration golden files)', () => {
  it('a registry scan: digest and tag from RepoDigests / RepoTags, purls kept for VEX', () => {
    const [report] = findings(real('trivy-alpine-310-registry.json'));
    expect(report).toMatchObject({
      digest: 'sha256:b1c5a500182b21d0bfa5a584a8526b56d8be316f89e87d951be04abed2446e60',
      repository: 'localhost:53869/alpine',
      tags: ['localhost:53869/alpine:3.10'],
      scannedAt: '2021-08-25T12:20:30.000Z',
    });
    expect(report?.vulnerabilities[0]).toMatchObject({
      id: 'CVE-2019-1549',
      severity: 'Medium',
      fixedVersion: '1.1.1d-r0',
      cvss: 5.3,
      purl: 'pkg:apk/alpine/libcrypto1.1@1.1.1c-r0?arch=x86_64&distro=3.10.2',
    });
  });

  it('a repository scan names no digest: refused unless the upload gives one, then stored for it', () => {
    const err = inputError(() => findings(real('trivy-pom.json')));
    expect(err.errors?.[0]?.path).toBe('Metadata.RepoDigests');
    const [report] = findings(real('trivy-pom.json'), {
      digest: ALPINE,
      repository: 'docker.io/library/alpine',
    });
    expect(report?.digest).toBe(ALPINE);
    expect(report?.vulnerabilities.map((v) => v.package)).toEqual([
      'com.fasterxml.jackson.core:jackson-databind',
      'com.fasterxml.jackson.core:jackson-databind',
    ]);
  });
});

describe('Grype JSON naming the image only by manifest digest', () => {
  it('the presenter golden file: digest from manifestDigest, scan time from the clock when empty', () => {
    const [report] = findings(real('grype-imgs-presenter.json'));
    expect(report).toMatchObject({
      digest: 'sha256:ca738abb87a8d58f112d3400ebb079b61ceae7dc290beb34bda735be4b1941d5',
      scannedAt: NOW.toISOString(),
    });
    expect(report?.vulnerabilities.map((v) => [v.id, v.severity, v.fixedVersion])).toEqual([
      ['CVE-1999-0001', 'Low', '1.2.1, 2.1.3, 3.4.0'],
      ['CVE-1999-0002', 'Critical', undefined],
    ]);
    expect(report?.vulnerabilities[1]?.purl).toBe('pkg:deb/package-2@2.2.2');
  });

  it('keeps its tag map: the tags name the repository the manifest digest belongs to', () => {
    const doc = real('grype-imgs-presenter.json');
    const target = (doc.source as { target: Record<string, unknown> }).target;
    target.userInput = 'alpine:3.10';
    target.tags = ['alpine:3.10'];
    const [report] = findings(doc);
    expect(report?.repository).toBe('docker.io/library/alpine');
    expect(report?.tags).toEqual(['docker.io/library/alpine:3.10']);
  });
});

describe('Trivy Operator VulnerabilityReport (custom resource as JSON)', () => {
  it('reads resource / versions / score; the tag comes from registry + artifact; the digest from the upload', () => {
    const cr = real('trivy-operator-vulnerabilityreport.json');
    const err = inputError(() => findings(cr));
    expect(err.errors?.[0]?.path).toBe('report.artifact.digest');
    const [report] = findings(cr, { digest: ALPINE });
    expect(report).toMatchObject({
      digest: ALPINE,
      format: 'trivy-operator',
      repository: 'docker.io/library/nginx',
      tags: ['docker.io/library/nginx:1.16'],
      scanner: { name: 'trivy', version: '0.57.1' },
    });
    expect(report?.vulnerabilities).toEqual([
      expect.objectContaining({
        id: 'CVE-2019-20367',
        severity: 'Critical',
        package: 'libbsd0',
        installedVersion: '0.9.1-2',
        fixedVersion: '0.9.1-2+deb10u1',
        cvss: 9.1,
      }),
      expect.objectContaining({ id: 'CVE-2018-25009', package: 'libwebp6' }),
    ]);
    expect(report?.vulnerabilities[1]?.fixedVersion).toBeUndefined();
  });

  it('with report.artifact.digest it needs no upload digest', () => {
    const cr = real('trivy-operator-vulnerabilityreport.json');
    (cr.report as { artifact: Record<string, unknown> }).artifact.digest = ALPINE;
    expect(findings(cr)[0]?.digest).toBe(ALPINE);
  });
});

describe('VEX matching as scanners name packages', () => {
  const pom = (): FindingsReport => {
    const [report] = findings(real('trivy-pom.json'), {
      digest: ALPINE,
      repository: 'docker.io/library/alpine',
    });
    if (!report) throw new Error('expected a report');
    return report;
  };

  it("a Maven purl statement suppresses Trivy's group:artifact finding (matched by the report's purl)", () => {
    const vex = parseOpenVex({
      ...real('openvex-trivy-spring.json'),
      statements: [
        {
          vulnerability: 'CVE-2020-9548',
          products: ['pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.1'],
          status: 'not_affected',
          justification: 'vulnerable_code_not_in_execute_path',
        },
      ],
    });
    const after = applyVex(pom(), vex.statements);
    expect(after.vulnerabilities.map((v) => v.id)).toEqual(['CVE-2021-20190']);
    expect(after.suppressed).toEqual([
      expect.objectContaining({ id: 'CVE-2020-9548', status: 'not_affected' }),
    ]);
  });

  it('a purl statement for another version of the package does not suppress', () => {
    const vex = parseCycloneDxVex({
      ...real('cyclonedx-vex-trivy.json'),
      vulnerabilities: [
        {
          id: 'CVE-2020-9548',
          analysis: { state: 'not_affected' },
          affects: [
            {
              ref: 'urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.8.0',
            },
          ],
        },
      ],
    });
    expect(applyVex(pom(), vex.statements).suppressed).toEqual([]);
  });

  it('a statement naming the Java package as group:artifact matches by name when there is no purl', () => {
    const report = pom();
    report.vulnerabilities = report.vulnerabilities.map(({ purl: _purl, ...v }) => v);
    const vex = parseOpenVex({
      '@context': 'https://openvex.dev/ns/v0.2.0',
      statements: [
        {
          vulnerability: { name: 'CVE-2021-20190' },
          products: [{ '@id': 'com.fasterxml.jackson.core:jackson-databind' }],
          status: 'fixed',
        },
      ],
    });
    expect(applyVex(report, vex.statements).suppressed.map((s) => s.id)).toEqual([
      'CVE-2021-20190',
    ]);
  });

  it.each([
    ['npm', '@babel/traverse', 'pkg:npm/%40babel/traverse@7.23.0', '7.23.0'],
    ['golang', 'golang.org/x/net', 'pkg:golang/golang.org/x/net@v0.17.0', 'v0.17.0'],
    ['pypi', 'Django', 'pkg:pypi/django@4.2.1', '4.2.1'],
    ['deb', 'libssl3', 'pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64', '3.0.11-1~deb12u2'],
  ])('%s: a purl statement matches the finding carrying that purl', (_t, name, purl, version) => {
    const report: FindingsReport = {
      ...pom(),
      vulnerabilities: [
        { id: 'CVE-2024-1', severity: 'High', package: name, installedVersion: version, purl },
      ],
    };
    const vex = parseOpenVex({
      '@context': 'https://openvex.dev/ns/v0.2.0',
      statements: [
        {
          vulnerability: { name: 'CVE-2024-1' },
          products: [{ '@id': purl.replace(/\?.*$/, '') }],
          status: 'not_affected',
        },
      ],
    });
    expect(applyVex(report, vex.statements).vulnerabilities).toEqual([]);
  });

  it('the real Trivy OpenVEX and CycloneDX VEX test files parse with their statements', () => {
    const open = parseOpenVex(real('openvex-trivy-spring.json'));
    expect(open.statements[0]).toMatchObject({
      ids: ['CVE-2021-44228'],
      status: 'not_affected',
      purls: ['pkg:maven/org.springframework.boot/spring-boot@2.6.0'],
    });
    const cdx = parseCycloneDxVex(real('cyclonedx-vex-trivy.json'));
    expect(cdx.statements.map((s) => [s.ids[0], s.status, s.purls])).toEqual([
      [
        'CVE-2018-7489',
        'not_affected',
        ['pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.8.0'],
      ],
      ['CVE-2022-27943', 'not_affected', ['pkg:deb/ubuntu/libstdc++6@12.3.0-1ubuntu1~22.04']],
    ]);
  });
});
