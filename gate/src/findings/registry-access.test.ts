import { describe, expect, it } from 'vitest';
import { readEnv } from '../env.js';
import { PolicyStore } from '../policy/store.js';
import { testPolicy } from '../testing/policy-fixtures.js';
import { PolicyGatedSource, registrySourceFromEnv } from './registry-access.js';
import { startConnectionCounter } from './registry/testing/connection-counter.js';
import type { FindingsSource } from './source.js';

describe('registry source composition', () => {
  it('asks the registry only while the policy has Registry Access on', async () => {
    let calls = 0;
    const inner: FindingsSource = {
      name: 'registry',
      digestSource: 'registry',
      lookup: () => {
        calls++;
        return Promise.resolve({
          digests: new Map([['x.io/a:1', 'sha256:1']]),
          reports: new Map(),
        });
      },
    };
    let on = false;
    const gated = new PolicyGatedSource(inner, () => on);
    const request = { tags: [{ normalized: 'x.io/a:1', registry: 'x.io' }], digests: [] };
    expect((await gated.lookup(request, AbortSignal.timeout(1000))).digests.size).toBe(0);
    on = true;
    expect((await gated.lookup(request, AbortSignal.timeout(1000))).digests.get('x.io/a:1')).toBe(
      'sha256:1',
    );
    expect(calls).toBe(1);
  });

  it('is off unless GATE_REGISTRY_FINDINGS=on', () => {
    const store = new PolicyStore();
    store.set(testPolicy([]), 'test');
    expect(registrySourceFromEnv(readEnv({}), store)).toBeNull();
    expect(
      registrySourceFromEnv(readEnv({ GATE_REGISTRY_FINDINGS: 'on' }), store)?.digestSource,
    ).toBe('registry');
  });

  it('an image naming a loopback port that GATE_ALLOWED_PRIVATE_REGISTRIES does not list gets no connection', async () => {
    const internal = await startConnectionCounter();
    try {
      const store = new PolicyStore();
      store.set(testPolicy([]), 'test');
      const request = {
        tags: [{ normalized: `${internal.host}/x/y:1`, registry: internal.host }],
        digests: [],
      };
      const guarded = registrySourceFromEnv(readEnv({ GATE_REGISTRY_FINDINGS: 'on' }), store);
      await guarded?.lookup(request, AbortSignal.timeout(5000)).catch(() => undefined);
      expect(internal.connections()).toBe(0);
      // The same lookup with the port listed does connect: the counter would have seen it.
      const allowed = registrySourceFromEnv(
        readEnv({ GATE_REGISTRY_FINDINGS: 'on', GATE_ALLOWED_PRIVATE_REGISTRIES: internal.host }),
        store,
      );
      await allowed?.lookup(request, AbortSignal.timeout(5000)).catch(() => undefined);
      expect(internal.connections()).toBeGreaterThan(0);
    } finally {
      await internal.stop();
    }
  });
});
