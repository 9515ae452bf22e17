/**
 * Last-good files (policy, findings snapshot) that exist but could not be used. Each is logged at
 * error level and counted by whoever finds it; this list is what `/readyz` shows, so an operator
 * sees why a restarted gate may be enforcing less than before.
 */
export type LastGoodFile = 'policy' | 'findings';

export class LastGoodProblems {
  private readonly problems = new Map<LastGoodFile, string>();

  report(file: LastGoodFile, problem: string): void {
    this.problems.set(file, problem);
  }

  clear(file: LastGoodFile): void {
    this.problems.delete(file);
  }

  list(): { file: LastGoodFile; problem: string }[] {
    return [...this.problems].map(([file, problem]) => ({ file, problem }));
  }
}
