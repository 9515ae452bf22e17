/** Human wording of match operators for trace sentences: `namespace "prod-a" starts with "prod"`. */
import type { MatchOperator } from '@gated/shared';

const HOLDS: Record<MatchOperator, string> = {
  Equals: 'equals',
  NotEquals: 'does not equal',
  StartsWith: 'starts with',
  EndsWith: 'ends with',
  Contains: 'contains',
};

const FAILS: Record<MatchOperator, string> = {
  Equals: 'does not equal',
  NotEquals: 'equals',
  StartsWith: 'does not start with',
  EndsWith: 'does not end with',
  Contains: 'does not contain',
};

/** `<subject> "<actual>" <operator> "<expected>"`, worded for whether the comparison held. */
export function comparisonSentence(
  subject: string,
  actual: string | null,
  match: MatchOperator,
  expected: string,
  held: boolean,
): string {
  const shown = actual === null || actual === '' ? '(none)' : `"${actual}"`;
  return `${subject} ${shown} ${(held ? HOLDS : FAILS)[match]} "${expected}"`;
}

/** `Namespace equals "dev"`: how an exemption or condition reads in the trace. */
export function entrySentence(type: string, match: MatchOperator, value: string): string {
  return `${type} ${HOLDS[match]} "${value}"`;
}
