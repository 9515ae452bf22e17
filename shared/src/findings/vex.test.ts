import { describe, expect, it } from 'vitest';
import type { FindingsReport } from './findings.schema.js';
import { applyVex, packageKeysOf, packageNameOf, parseCycloneDxVex, parseOpenVex } from './vex.js';

const DIGEST = `sha256:${'d'.repeat(64)}`;
const report = (): FindingsReport => ({
  digest: DIGEST,
  tags: [],
  scanner: { name: 'trivy' },
  format: 'trivy',
  scannedAt: '2026-01-01T00:00:00.000Z',
  source: 'registry',
  vulnerabilities: [
    { id: 'CVE-2024-1111', severity: 'Critical', package: 'openssl', installedVersion: '3.0.1' },
    { id: 'CVE-2024-1111', severity: 'Critical', package: 'libssl3', installedVersion: '3.0.1' },
    { id: 'CVE-2024-2222', severity: 'High', package: 'zlib1g', installedVersion: '1.2' },
  ],
  suppressed: [],
});

describe('VEX edge cases', () => {
  it('OpenVEX v0.0.x: string vulnerability, string products and flat subcomponents limit the package', () => {
    const doc = parseOpenVex({
      '@context': 'https://openvex.dev/ns',
      statements: [
        {
          vulnerability: 'cve-2024-1111',
          products: [`pkg:oci/app@${DIGEST}`],
          subcomponents: ['pkg:deb/debian/openssl@3.0.1'],
          status: 'fixed',
        },
      ],
    });
    const after = applyVex(report(), doc.statements);
    expect(after.suppressed).toEqual([
      { id: 'CVE-2024-1111', package: 'openssl', status: 'fixed', source: 'openvex', statement: 1 },
    ]);
    expect(after.vulnerabilities.map((v) => v.package)).toEqual(['libssl3', 'zlib1g']);
  });

  it('matches aliases, and a statement without products applies to the image it is attached to', () => {
    const doc = parseOpenVex({
      '@context': 'https://openvex.dev/ns/v0.2.0',
      statements: [
        {
          vulnerability: { name: 'GHSA-aaaa-bbbb-cccc', aliases: ['CVE-2024-2222'] },
          status: 'not_affected',
          justification: 'inline_mitigations_already_exist',
        },
      ],
    });
    expect(applyVex(report(), doc.statements).suppressed.map((s) => s.id)).toEqual([
      'CVE-2024-2222',
    ]);
  });

  it('affected / under_investigation statements and CycloneDX exploitable never suppress', () => {
    const open = parseOpenVex({
      '@context': 'https://openvex.dev/ns/v0.2.0',
      statements: [{ vulnerability: { name: 'CVE-2024-1111' }, status: 'affected' }],
    });
    const cdx = parseCycloneDxVex({
      bomFormat: 'CycloneDX',
      vulnerabilities: [{ id: 'CVE-2024-2222', analysis: { state: 'exploitable' } }],
    });
    expect(applyVex(applyVex(report(), open.statements), cdx.statements).suppressed).toEqual([]);
  });

  it('reads package names from purls, BOM-links and plain names', () => {
    expect(packageNameOf('pkg:npm/%40angular/core@17.0.0')).toBe('core');
    expect(packageKeysOf('pkg:npm/%40angular/core@17.0.0')).toEqual(['core', '@angular/core']);
    expect(packageKeysOf('pkg:golang/golang.org/x/net@v0.6.0')).toEqual([
      'net',
      'golang.org/x/net',
    ]);
    expect(packageNameOf('urn:cdx:3e67/1#pkg:deb/debian/libexpat1@2.5.0-1?arch=amd64')).toBe(
      'libexpat1',
    );
    expect(packageNameOf('OpenSSL')).toBe('openssl');
  });
});
