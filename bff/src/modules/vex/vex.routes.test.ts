import type { FindingsReport, Problem, StoredVexDocument } from '@gated/shared';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { digestOf } from '../../testing/fixtures.js';
import { storesUnderTest } from '../../testing/test-stores.js';
import { registerGate, useSuite } from '../../testing/suite.js';

const kinds = await storesUnderTest();
const real = (name: string): Record<string, unknown> =>
  JSON.parse(
    readFileSync(
      new URL(`../../../../shared/src/findings/fixtures/real/${name}`, import.meta.url),
      'utf8',
    ),
  ) as Record<string, unknown>;

describe.each(kinds)('VEX uploads on %s', (kind) => {
  const s = useSuite(kind);

  async function gateIn(name: string) {
    const { env, gateToken } = await registerGate(s, name);
    const lookup = async (digest: string) => {
      const res = await s.t.request('/api/v1/gate/findings', {
        method: 'POST',
        headers: { authorization: `Bearer ${gateToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ digests: [digest], references: [] }),
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { reports: Record<string, FindingsReport | null> }).reports[
        digest
      ];
    };
    return { env, lookup };
  }

  it("an environment's OpenVEX suppresses Trivy's Java finding for its gates only, naming the statement", async () => {
    const digest = digestOf('pom-app');
    await s.admin.json('POST', `/findings?digest=${digest}`, real('trivy-pom.json'), 201);
    const prod = await gateIn('vex-prod');
    const dev = await gateIn('vex-dev');
    const vex = {
      ...real('openvex-trivy-spring.json'),
      '@id': 'https://example.test/vex/jackson',
      statements: [
        ...(real('openvex-trivy-spring.json').statements as unknown[]),
        {
          vulnerability: 'CVE-2020-9548',
          products: ['pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.1'],
          status: 'not_affected',
          justification: 'vulnerable_code_not_in_execute_path',
        },
      ],
    };
    const stored = await s.admin.json<StoredVexDocument>(
      'POST',
      `/vex?environmentId=${prod.env.id}`,
      vex,
      201,
    );
    expect(stored).toMatchObject({
      environmentId: prod.env.id,
      name: 'https://example.test/vex/jackson',
      document: { format: 'openvex' },
    });
    expect(stored.document.statements).toHaveLength(2);

    const inProd = await prod.lookup(digest);
    expect(inProd?.vulnerabilities.map((v) => v.id)).toEqual(['CVE-2021-20190']);
    expect(inProd?.suppressed).toEqual([
      {
        id: 'CVE-2020-9548',
        package: 'com.fasterxml.jackson.core:jackson-databind',
        status: 'not_affected',
        justification: 'vulnerable_code_not_in_execute_path',
        source: 'openvex https://example.test/vex/jackson',
        statement: 2,
      },
    ]);
    expect((await dev.lookup(digest))?.vulnerabilities).toHaveLength(2);

    const listed = await s.reader.json<{ items: StoredVexDocument[] }>(
      'GET',
      `/vex?environmentId=${dev.env.id}`,
    );
    expect(listed.items).toEqual([]);
    const all = await s.reader.json<{ items: StoredVexDocument[] }>('GET', '/vex');
    expect(all.items.map((d) => d.id)).toEqual([stored.id]);

    await s.admin.req('DELETE', `/vex/${stored.id}`);
    expect((await prod.lookup(digest))?.vulnerabilities).toHaveLength(2);
  });

  it('a global CycloneDX VEX applies in every environment; findings and unknown environments are refused', async () => {
    const digest = digestOf('pom-global');
    await s.admin.json('POST', `/findings?digest=${digest}`, real('trivy-pom.json'), 201);
    const gate = await gateIn('vex-global');
    await s.admin.json(
      'POST',
      '/vex?name=jackson-2.9.1',
      {
        ...real('cyclonedx-vex-trivy.json'),
        vulnerabilities: [
          {
            id: 'CVE-2021-20190',
            analysis: { state: 'resolved' },
            affects: [
              { ref: 'urn:cdx:x/1#pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.1' },
            ],
          },
        ],
      },
      201,
    );
    const report = await gate.lookup(digest);
    expect(report?.suppressed).toEqual([
      expect.objectContaining({
        id: 'CVE-2021-20190',
        status: 'fixed',
        source: 'cyclonedx jackson-2.9.1',
        statement: 1,
      }),
    ]);
    const notVex = await s.admin.json<Problem>('POST', '/vex', real('trivy-pom.json'), 400);
    expect(notVex.detail).toBe('Not a VEX document');
    const noEnv = await s.admin.json<Problem>(
      'POST',
      `/vex?environmentId=${digestOf('x').slice(7, 15)}`,
      real('openvex-trivy-spring.json'),
      400,
    );
    expect(noEnv.errors?.[0]?.path).toBe('query.environmentId');
  });
});
