/**
 * The four targets for the gate (ratio, paced p99, errors, built memory), read off one
 * bench run and printed as one line at its end, so a run says what it met without a table.
 */
export interface BenchFigures {
  /** gate/bare req/s, or null when BENCH_ROUNDS=0 skipped the throughput rounds. */
  ratio: number | null;
  /** The paced run's rate (req/s): the target is set at 2,000. */
  rate: number;
  p99FromSentMs: number;
  p99FromDueMs: number;
  errors: number;
  /** RSS of the built gate after a full GC, or null when it was not built. */
  builtRssMb: number | null;
}

const mark = (met: boolean) => (met ? 'met' : 'NOT met');

export function targetsLine(f: BenchFigures): string {
  const parts = [
    f.ratio === null
      ? 'ratio ≥ 0.5: not measured (BENCH_ROUNDS=0)'
      : `ratio ≥ 0.5: ${f.ratio.toFixed(2)} ${mark(f.ratio >= 0.5)}`,
    // From sent: the gate's answer time. From due also holds the generator's own lateness, which
    // the bare server shows as much of (README, "Figures on a quiet machine").
    `p99 ≤ 3 ms from sent at ${f.rate} req/s: ${f.p99FromSentMs.toFixed(2)} ms ${mark(f.p99FromSentMs <= 3)} (from due ${f.p99FromDueMs.toFixed(2)} ms)`,
    `0 errors: ${f.errors} ${mark(f.errors === 0)}`,
    f.builtRssMb === null
      ? 'built RSS ≤ 200 MB: not measured (build first)'
      : `built RSS ≤ 200 MB: ${f.builtRssMb} MB ${mark(f.builtRssMb <= 200)}`,
  ];
  return `targets: ${parts.join('; ')}`;
}
