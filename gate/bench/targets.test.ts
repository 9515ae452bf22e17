import { describe, expect, it } from 'vitest';
import { targetsLine } from './targets.js';

const figures = {
  ratio: 0.66,
  rate: 2000,
  p99FromSentMs: 1.13,
  p99FromDueMs: 2.21,
  errors: 0,
  builtRssMb: 162,
};

describe('targetsLine', () => {
  it('says met for each target a run meets, at the bounds included', () => {
    expect(targetsLine({ ...figures, ratio: 0.5, p99FromSentMs: 3, builtRssMb: 200 })).toBe(
      'targets: ratio ≥ 0.5: 0.50 met; p99 ≤ 3 ms from sent at 2000 req/s: 3.00 ms met (from due 2.21 ms); 0 errors: 0 met; built RSS ≤ 200 MB: 200 MB met',
    );
  });

  it('says NOT met for each target just missed', () => {
    const line = targetsLine({
      ...figures,
      ratio: 0.49,
      p99FromSentMs: 3.01,
      errors: 1,
      builtRssMb: 201,
    });
    expect(line.match(/NOT met/g)).toHaveLength(4);
    expect(line).toContain('p99 ≤ 3 ms from sent at 2000 req/s: 3.01 ms NOT met');
  });

  it('says what was not measured instead of judging it', () => {
    const line = targetsLine({ ...figures, ratio: null, builtRssMb: null });
    expect(line).toContain('ratio ≥ 0.5: not measured (BENCH_ROUNDS=0)');
    expect(line).toContain('built RSS ≤ 200 MB: not measured (build first)');
    expect(line).not.toContain('NOT met');
  });
});
