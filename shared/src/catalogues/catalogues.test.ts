import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors/errors.js';
import { parseEpssCatalogue } from './epss.js';
import { parseKevCatalogue } from './kev.js';

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const kevText = fixture('known_exploited_vulnerabilities.2025.02.25.excerpt.json');

function refusal(read: () => unknown): InputError {
  try {
    read();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('CISA KEV catalogue', () => {
  it('reads the real catalogue: version, release date and every cveID', () => {
    const kev = parseKevCatalogue(kevText);
    expect(kev).toEqual({
      version: '2025.02.25',
      publishedAt: '2025-02-25T20:33:53.3676Z',
      cves: ['CVE-2023-34192', 'CVE-2024-49035', 'CVE-2025-0108'],
    });
  });

  it('refuses a count that does not match the entries (a cut catalogue)', () => {
    const doc = JSON.parse(kevText) as { count: number };
    doc.count = 1280;
    expect(refusal(() => parseKevCatalogue(JSON.stringify(doc))).message).toMatch(
      /says it lists 1280 vulnerabilities but holds 3/,
    );
  });

  it.each([
    ['not JSON', '{', /not JSON/],
    ['an EPSS file', fixture('epss_scores-2026-03-28.excerpt.csv'), /not JSON/],
    [
      'no vulnerabilities',
      JSON.stringify({
        catalogVersion: '1',
        dateReleased: '2025-02-25T00:00:00Z',
        count: 0,
        vulnerabilities: [],
      }),
      /KEV/,
    ],
  ])('refuses %s', (_name, text, message) => {
    expect(refusal(() => parseKevCatalogue(text)).message).toMatch(message);
  });

  it('names the entry whose cveID is malformed', () => {
    const doc = JSON.parse(kevText) as { vulnerabilities: { cveID: string }[] };
    doc.vulnerabilities[1] = { cveID: 'CVE-24-1' };
    const e = refusal(() => parseKevCatalogue(JSON.stringify(doc)));
    expect(e.errors?.map((f) => f.path)).toContain('vulnerabilities.1.cveID');
  });
});

describe('FIRST EPSS file', () => {
  it('reads the newer form (v2025.03.14, Z date)', () => {
    const epss = parseEpssCatalogue(fixture('epss_scores-2026-03-28.excerpt.csv'));
    expect(epss.version).toBe('v2025.03.14');
    expect(epss.publishedAt).toBe('2026-03-28T12:55:00.000Z');
    expect(epss.scores.get('CVE-2021-44228')).toBe(0.94358);
    expect(epss.scores.size).toBe(4);
  });

  it('reads the older form (+0000 date)', () => {
    const epss = parseEpssCatalogue(fixture('epss_scores-2025-01-01.head.csv'));
    expect(epss.version).toBe('v2023.03.01');
    expect(epss.publishedAt).toBe('2025-01-01T00:00:00.000Z');
    expect([...epss.scores.keys()]).toEqual(['CVE-1999-0001', 'CVE-1999-0002', 'CVE-1999-0003']);
  });

  const head = '#model_version:v2025.03.14,score_date:2026-03-28T12:55:00Z\ncve,epss,percentile\n';
  it.each([
    ['no comment line (EPSS v1)', 'cve,epss,percentile\nCVE-1999-0001,0.1,0.2\n', /line 1/],
    ['a wrong header', '#model_version:v1,score_date:2026-03-28\ncve,score\n', /line 2/],
    ['a score above 1', `${head}CVE-1999-0001,1.5,0.2\n`, /line 3: score "1.5"/],
    ['a negative score', `${head}CVE-1999-0001,-0.1,0.2\n`, /line 3/],
    ['a row that is not a CVE', `${head}GHSA-xxxx,0.1,0.2\n`, /line 3/],
    ['a duplicate CVE', `${head}CVE-1999-0001,0.1,0.2\nCVE-1999-0001,0.2,0.3\n`, /line 4: .*twice/],
    ['a short row', `${head}CVE-1999-0001,0.1\n`, /line 3: expected 3 columns/],
    ['no rows', head, /no scores/],
    ['a KEV JSON', kevText, /line 1/],
  ])('refuses %s, naming the line', (_name, text, message) => {
    expect(refusal(() => parseEpssCatalogue(text)).message).toMatch(message);
  });
});
