import { afterEach, describe, expect, it } from 'vitest';
import { testDigest, testReport } from '../testing/policy-fixtures.js';
import { FakeControlPlane } from '../testing/fake-control-plane.js';
import { ControlPlaneFindingsSource } from './control-plane.js';

let cp: FakeControlPlane | null = null;
afterEach(async () => {
  await cp?.stop();
  cp = null;
});

describe('ControlPlaneFindingsSource', () => {
  it('keeps the readable reports of an answer that also holds one the schema refuses', async () => {
    cp = new FakeControlPlane();
    await cp.start();
    const [good, bad, none] = [testDigest('a1'), testDigest('b2'), testDigest('c3')];
    cp.reports.set(good, testReport(good, 1));
    // As a control plane that stored whatever an upload held would answer it.
    cp.reports.set(
      bad,
      testReport(bad, 1, { tags: Array.from({ length: 1001 }, (_, i) => `t${i}`) }),
    );
    cp.tags.set('docker.io/library/nginx:1.27', good);
    const source = new ControlPlaneFindingsSource({ baseUrl: cp.url, token: cp.token });
    const answer = await source.lookup(
      {
        tags: [{ normalized: 'docker.io/library/nginx:1.27', registry: 'docker.io' }],
        digests: [good, bad, none],
      },
      AbortSignal.timeout(5000),
    );
    expect(answer.digests.get('docker.io/library/nginx:1.27')).toBe(good);
    expect(answer.reports.get(good)?.vulnerabilities).toHaveLength(1);
    // Unknown to this source, not "no findings": the refused report is not taken for a clean one.
    expect(answer.reports.has(bad)).toBe(false);
    expect(answer.reports.get(none)).toBeNull();
  });
});
