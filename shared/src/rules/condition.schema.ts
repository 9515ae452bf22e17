import { z } from 'zod';
import { parseLabelSelector } from '../k8s/label-selector.js';

/** Severities a rule can threshold on, most severe first. */
export const SEVERITIES = ['Critical', 'High', 'Medium', 'Low'] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

/** 4 for Critical … 1 for Low; 0 for anything unknown. Higher is worse. */
export function severityRank(severity: string): number {
  switch (severity) {
    case 'Critical':
      return 4;
    case 'High':
      return 3;
    case 'Medium':
      return 2;
    case 'Low':
      return 1;
    default:
      return 0;
  }
}

/** How a condition or exemption value is compared. */
export const MatchOperatorSchema = z.enum([
  'Equals',
  'StartsWith',
  'EndsWith',
  'Contains',
  'NotEquals',
]);
export type MatchOperator = z.infer<typeof MatchOperatorSchema>;

/** Exemptions compare positively only: there is no "exempt everything but X". */
export const ExemptionMatchSchema = z.enum(['Equals', 'StartsWith', 'EndsWith', 'Contains']);
export type ExemptionMatch = z.infer<typeof ExemptionMatchSchema>;

/** Compares `actual` against `expected` with a match operator (case-sensitive, like Kubernetes names). */
export function matchValue(match: MatchOperator, actual: string, expected: string): boolean {
  switch (match) {
    case 'Equals':
      return actual === expected;
    case 'NotEquals':
      return actual !== expected;
    case 'StartsWith':
      return actual.startsWith(expected);
    case 'EndsWith':
      return actual.endsWith(expected);
    case 'Contains':
      return actual.includes(expected);
  }
}

export const ResourceKindSchema = z.enum([
  'Cluster',
  'Namespace',
  'Pod',
  'Deployment',
  'Image',
  'LabelSelector',
]);
export type ResourceKind = z.infer<typeof ResourceKindSchema>;

/**
 * One resource condition of a rule's scope. Conditions are AND-ed. `LabelSelector` takes a
 * Kubernetes selector string and only `Equals` (selects) / `NotEquals` (does not select).
 */
export const ResourceConditionSchema = z
  .strictObject({
    kind: ResourceKindSchema,
    match: MatchOperatorSchema,
    value: z.string().trim().min(1, 'Enter a value').max(253, 'At most 253 characters'),
  })
  .superRefine((c, ctx) => {
    if (c.kind !== 'LabelSelector') return;
    if (c.match !== 'Equals' && c.match !== 'NotEquals') {
      ctx.addIssue({
        code: 'custom',
        path: ['match'],
        message: 'A label selector only supports Equals or Not equals',
      });
    }
    const parsed = parseLabelSelector(c.value);
    if ('error' in parsed) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: `Not a valid label selector: ${parsed.error}`,
      });
    }
  });
export type ResourceCondition = z.infer<typeof ResourceConditionSchema>;

/** `CVE-2024-3094` or a GitHub advisory id `GHSA-xxxx-xxxx-xxxx`. */
export const VULNERABILITY_ID = /^(CVE-\d{4}-\d{4,}|GHSA(-[23456789cfghjmpqrvwx]{4}){3})$/;
export const CveIdSchema = z
  .string()
  .trim()
  .regex(VULNERABILITY_ID, 'Use the form CVE-YYYY-NNNN (or a GHSA-xxxx-xxxx-xxxx advisory id)');

/** Triggers when an image has more than `maxAllowed` findings at `severity` or higher. */
export const SeverityThresholdSchema = z.strictObject({
  severity: SeveritySchema,
  maxAllowed: z
    .number({ error: 'Enter a whole number' })
    .int('Enter a whole number')
    .min(0, 'Must be 0 or more')
    .max(100_000, 'At most 100000')
    .default(0),
  /** Count only findings with a fixed version, so a team can Deny what it can fix and Audit the rest. */
  fixableOnly: z.boolean().optional(),
});
export type SeverityThreshold = z.infer<typeof SeverityThresholdSchema>;

/** A rule's trigger conditions: any one met triggers the rule. At least one is required. */
export const RuleConditionsSchema = z
  .strictObject({
    severityThresholds: z.array(SeverityThresholdSchema).max(4).default([]),
    cveIds: z.array(CveIdSchema).max(1000, 'At most 1000 vulnerability ids').default([]),
    /** Any finding listed in the CISA Known Exploited Vulnerabilities catalogue (docs/decisions/080). */
    knownExploited: z.boolean().optional(),
    /** Any finding whose EPSS score (FIRST's daily file) is at or above this probability. */
    epssAtLeast: z
      .number({ error: 'Enter a score between 0 and 1' })
      .min(0, 'Enter a score between 0 and 1')
      .max(1, 'Enter a score between 0 and 1')
      .optional(),
    /**
     * Triggers when the image's newest report was scanned more than this many days before the
     * admission; that report then counts as no report, so no other condition reads its findings.
     */
    maxReportAgeDays: z
      .number({ error: 'Enter a whole number of days' })
      .int('Enter a whole number of days')
      .min(1, 'At least 1 day')
      .max(3650, 'At most 3650 days')
      .optional(),
  })
  .superRefine((c, ctx) => {
    if (!hasAnyCondition(c)) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message:
          'Add at least one condition: a severity threshold, a CVE id, known exploited, an EPSS score or a maximum report age',
      });
    }
    const seen = new Set<string>();
    c.severityThresholds.forEach((t, i) => {
      if (seen.has(t.severity)) {
        ctx.addIssue({
          code: 'custom',
          path: ['severityThresholds', i, 'severity'],
          message: `${t.severity} is already used`,
        });
      }
      seen.add(t.severity);
    });
    const ids = new Set<string>();
    c.cveIds.forEach((id, i) => {
      if (ids.has(id))
        ctx.addIssue({ code: 'custom', path: ['cveIds', i], message: `${id} is listed twice` });
      ids.add(id);
    });
  });
export type RuleConditions = z.infer<typeof RuleConditionsSchema>;

/** Whether a rule's conditions can trigger at all (the schema requires at least one). */
export function hasAnyCondition(c: {
  severityThresholds?: readonly unknown[];
  cveIds?: readonly unknown[];
  knownExploited?: boolean | undefined;
  epssAtLeast?: number | undefined;
  maxReportAgeDays?: number | undefined;
}): boolean {
  return (
    (c.severityThresholds?.length ?? 0) > 0 ||
    (c.cveIds?.length ?? 0) > 0 ||
    c.knownExploited === true ||
    c.epssAtLeast !== undefined ||
    c.maxReportAgeDays !== undefined
  );
}
