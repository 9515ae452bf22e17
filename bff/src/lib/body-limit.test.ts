/**
 * Bodies are bounded by bytes read, not by what the headers claim, and over-deep documents are
 * refused before a parser recurses into them. Real HTTP on a loopback port, both stores.
 */
import type { Problem, Rule } from '@gated/shared';
import { describe, expect, it } from 'vitest';
import { ruleInput } from '../testing/fixtures.js';
import { postChunked } from '../testing/raw-http.js';
import { storesUnderTest } from '../testing/test-stores.js';
import { useSuite } from '../testing/suite.js';
import { impactAcknowledgementFor } from '../testing/impact-ack.js';

const kinds = await storesUnderTest();

function* repeat(chunk: string, times: number) {
  const bytes = Buffer.from(chunk);
  for (let i = 0; i < times; i++) yield bytes;
}

describe.each(kinds)('request bodies on %s', (kind) => {
  const s = useSuite(kind);
  const post = async (
    path: string,
    body: string,
    type = 'application/json',
    extra: Record<string, string> = {},
  ) => {
    const res = await fetch(`${await s.t.listen()}/api/v1${path}`, {
      method: 'POST',
      headers: { ...s.admin.headers, 'content-type': type, ...extra },
      body,
    });
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      problem: (await res.json()) as Problem,
    };
  };

  it('answers 413 to a chunked body past the limit (no Content-Length), and keeps serving', async () => {
    const url = await s.t.listen();
    // 8 MiB in 64 KiB chunks against the 1 MiB default limit.
    const res = await postChunked(
      url,
      '/api/v1/rules',
      { ...s.admin.headers, 'content-type': 'application/json' },
      (function* () {
        yield Buffer.from('{"name":"big","description":"');
        yield* repeat('x'.repeat(65_536), 128);
      })(),
    );
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect((JSON.parse(res.body) as Problem).code).toBe('PAYLOAD_TOO_LARGE');
    const health = await fetch(`${url}/api/v1/health`);
    expect(health.status).toBe(200);
  });

  it('accepts a chunked body under the limit', async () => {
    const url = await s.t.listen();
    const draft = ruleInput('sent chunked');
    const body = JSON.stringify(draft);
    const res = await postChunked(
      url,
      '/api/v1/rules',
      {
        ...s.admin.headers,
        'content-type': 'application/json',
        ...impactAcknowledgementFor(draft),
      },
      [body.slice(0, 10), body.slice(10)],
    );
    expect(res.status).toBe(201);
    expect((JSON.parse(res.body) as Rule).name).toBe('sent chunked');
  });

  it('answers 413 from the Content-Length alone when it claims more than the limit', async () => {
    const res = await post('/rules', JSON.stringify({ description: 'y'.repeat(1_100_000) }));
    expect(res.status).toBe(413);
    expect(res.problem.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers 400 problem+json to 200,000-deep JSON on /rules/import, and keeps serving', async () => {
    const deep = `{"apiVersion":"gated.dev/v1","kind":"SecurityRuleList","rules":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    const res = await post('/rules/import', deep);
    expect(res.status).toBe(400);
    expect(res.type).toContain('application/problem+json');
    expect(res.problem.code).toBe('INVALID_INPUT');
    expect(res.problem.errors?.[0]).toMatchObject({ path: '' });
    expect(res.problem.detail).toMatch(/deeper than 64/);
    const after = await s.admin.json<{ items: Rule[] }>('GET', '/rules');
    expect(Array.isArray(after.items)).toBe(true);
  });

  it('answers 400 to deep YAML on /rules/import, block and flow style', async () => {
    for (const yaml of ['- '.repeat(100_000) + 'x', `rules: ${'['.repeat(100_000)}`]) {
      const res = await post('/rules/import', yaml, 'application/yaml');
      expect(res.status).toBe(400);
      expect(res.problem.detail).toMatch(/YAML nested deeper than 64/);
    }
  });

  it('answers 400 to deep JSON sent without a JSON content type', async () => {
    const res = await post('/rules', '['.repeat(1000), 'text/plain');
    expect(res.status).toBe(400);
    expect(res.problem.detail).toMatch(/JSON nested deeper than 64/);
  });

  it('lets ordinary nesting through: brackets inside strings do not count', async () => {
    const draft = ruleInput('brackets', { description: '[[[[{{{{'.repeat(100) });
    const res = await post(
      '/rules',
      JSON.stringify(draft),
      'application/json',
      impactAcknowledgementFor(draft),
    );
    expect(res.status).toBe(201);
  });
});
