import { describe, expect, it } from 'vitest';
import { diffValues } from './audit-diff.js';

describe('diffValues', () => {
  it('lists changed leaves by path and leaves bookkeeping out', () => {
    const before = {
      id: 'r1',
      revision: 1,
      updatedAt: '2031-01-01T00:00:00.000Z',
      action: 'Audit',
      conditions: { severityThresholds: [{ severity: 'Critical', maxAllowed: 0 }], cveIds: [] },
    };
    const after = {
      ...before,
      revision: 2,
      updatedAt: '2031-01-02T00:00:00.000Z',
      action: 'Deny',
      conditions: {
        severityThresholds: [{ severity: 'Critical', maxAllowed: 2 }],
        cveIds: ['CVE-2024-3094'],
      },
    };
    expect(diffValues(before, after)).toEqual([
      { path: 'action', before: 'Audit', after: 'Deny' },
      { path: 'conditions.cveIds.0', after: 'CVE-2024-3094' },
      { path: 'conditions.severityThresholds.0.maxAllowed', before: 0, after: 2 },
    ]);
  });

  it('diffs a create against nothing and a delete against nothing after', () => {
    expect(diffValues(null, { name: 'a', enabled: true })).toEqual([
      { path: 'enabled', after: true },
      { path: 'name', after: 'a' },
    ]);
    expect(diffValues({ name: 'a' }, null)).toEqual([{ path: 'name', before: 'a' }]);
  });

  it('finds nothing when only bookkeeping changed', () => {
    expect(diffValues({ revision: 1, name: 'a' }, { revision: 2, name: 'a' })).toEqual([]);
  });
});
