import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors/errors.js';
import { summarizeFindings } from './findings.schema.js';
import { parseTrivyReport } from './trivy.js';

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/trivy-nginx.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

describe('parseTrivyReport', () => {
  it('maps a real-shaped report to one findings report per digest, with its tags', () => {
    const [report, ...rest] = parseTrivyReport(fixture);
    expect(rest).toEqual([]);
    expect(report?.digest).toBe(
      'sha256:9f2c1a0b8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170615e4d3',
    );
    expect(report?.repository).toBe('myacr.azurecr.io/shop/web');
    expect(report?.tags).toEqual([
      'myacr.azurecr.io/shop/web:1.4.2',
      'myacr.azurecr.io/shop/web:latest',
    ]);
    expect(report?.scannedAt).toBe('2026-11-20T10:15:32.123Z');
    // The duplicate CVE-2024-45490 entry is folded; UNKNOWN stays Unknown.
    expect(summarizeFindings(report?.vulnerabilities ?? [])).toEqual({
      critical: 1,
      high: 0,
      medium: 1,
      low: 1,
      unknown: 1,
    });
    expect(report?.vulnerabilities[0]).toMatchObject({
      id: 'CVE-2024-45490',
      fixedVersion: '2.5.0-1+deb12u1',
      cvss: 9.8,
    });
  });

  it('refuses a report without digests, with a field path', () => {
    const noDigests = { ...fixture, Metadata: { RepoTags: ['nginx:1.27'] } };
    try {
      parseTrivyReport(noDigests);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).errors?.[0]?.path).toBe('Metadata.RepoDigests');
    }
  });

  it('refuses wrong types with field paths instead of throwing a TypeError', () => {
    expect(() => parseTrivyReport({ ArtifactName: 42 })).toThrow(InputError);
    expect(() =>
      parseTrivyReport({
        ArtifactName: 'x',
        Results: [{ Vulnerabilities: [{ VulnerabilityID: 7 }] }],
      }),
    ).toThrow(InputError);
    expect(() => parseTrivyReport(null)).toThrow(InputError);
  });
});
