import { z } from 'zod';
import { InputError, fieldErrorsFromZod } from '../errors/errors.js';
import type { FindingSeverity, FindingsReport, Vulnerability } from './findings.schema.js';
import {
  cvssScore,
  dedupeVulnerabilities,
  digestsFromRepoDigests,
  reportsForDigests,
  reportTime,
  severityFromScore,
  severityFromWordOrScore,
  tagsFromRepoTags,
  vulnerabilityIdOf,
  type ReportContext,
} from './report-common.js';

const Text = z.looseObject({ text: z.string().max(100_000).optional() }).optional();

const RuleSchema = z.looseObject({
  id: z.string().min(1).max(200),
  shortDescription: Text,
  help: Text,
  properties: z
    .looseObject({
      'security-severity': z.union([z.string(), z.number()]).optional(),
      tags: z.array(z.string()).optional(),
    })
    .optional(),
});

/** SARIF 2.1.0 as Trivy and Grype write it (and Ratify's vulnerability-report verifier reads it). */
export const SarifLogSchema = z.looseObject({
  version: z.literal('2.1.0'),
  runs: z.array(
    z.looseObject({
      tool: z.looseObject({
        driver: z.looseObject({
          name: z.string().max(100),
          version: z.string().max(100).optional(),
          rules: z.array(RuleSchema).nullish(),
        }),
      }),
      invocations: z
        .array(
          z.looseObject({ endTimeUtc: z.string().optional(), startTimeUtc: z.string().optional() }),
        )
        .nullish(),
      results: z
        .array(
          z.looseObject({
            ruleId: z.string().max(200).optional(),
            ruleIndex: z.number().int().optional(),
            message: Text,
            locations: z.array(z.looseObject({ message: Text })).nullish(),
          }),
        )
        .nullish(),
      properties: z
        .looseObject({
          repoDigests: z.array(z.string()).nullish(),
          repoTags: z.array(z.string()).nullish(),
        })
        .optional(),
    }),
  ),
});
type SarifRule = z.infer<typeof RuleSchema>;

/** True when the document is a SARIF 2.1.0 log. */
export function isSarifLog(doc: Record<string, unknown>): boolean {
  return doc.version === '2.1.0' && Array.isArray(doc.runs);
}

/** A `Key: value` line of Trivy's / Grype's result and help texts. */
function line(texts: readonly (string | undefined)[], ...keys: string[]): string | undefined {
  for (const text of texts) {
    if (!text) continue;
    for (const key of keys) {
      const m = new RegExp(`^${key}:[ \\t]*(.+)$`, 'm').exec(text);
      if (m?.[1]) return m[1].trim();
    }
  }
  return undefined;
}

function severityOf(
  rule: SarifRule | undefined,
  texts: readonly (string | undefined)[],
): FindingSeverity {
  const word = line(texts, 'Severity');
  if (word) {
    const s = severityFromWordOrScore(word);
    if (s !== 'Unknown') return s;
  }
  for (const tag of rule?.properties?.tags ?? []) {
    const s = severityFromWordOrScore(tag);
    if (s !== 'Unknown' && !/^\d/.test(tag)) return s;
  }
  return severityFromScore(cvssScore(rule?.properties?.['security-severity']));
}

/**
 * Turns a SARIF 2.1.0 vulnerability log (Trivy or Grype `-f sarif`) into findings reports. Package and
 * versions come from the `Package:` / `Installed Version:` / `Fixed Version:` lines both scanners write;
 * severity from the `Severity:` line, the rule's tags, or its `security-severity` score.
 * SARIF rarely names the image digest, so the context's digest is usually needed.
 */
export function parseSarifReport(input: unknown, ctx: ReportContext = {}): FindingsReport[] {
  const parsed = SarifLogSchema.safeParse(input);
  if (!parsed.success)
    throw new InputError('Not a SARIF 2.1.0 log', fieldErrorsFromZod(parsed.error));
  const run = parsed.data.runs[0];
  if (!run)
    throw new InputError('The SARIF log has no run', [
      { path: 'runs', message: 'Expected at least one run' },
    ]);
  const named = digestsFromRepoDigests(run.properties?.repoDigests ?? []);
  const tags = tagsFromRepoTags(run.properties?.repoTags ?? []);

  const vulnerabilities: Vulnerability[] = [];
  for (const r of parsed.data.runs) {
    const rules = r.tool.driver.rules ?? [];
    for (const result of r.results ?? []) {
      const rule =
        (result.ruleIndex !== undefined ? rules[result.ruleIndex] : undefined) ??
        rules.find((x) => x.id === result.ruleId);
      const ruleId = result.ruleId ?? rule?.id;
      if (!ruleId) continue;
      const texts = [result.message?.text, rule?.help?.text];
      const locationText = result.locations?.[0]?.message?.text;
      // Grype: "The path … reports libexpat1 at version 2.5.0-1 …"; Trivy locations: "repo: libexpat1@2.5.0-1".
      const reports = /reports (\S+) at version (\S+)/.exec(result.message?.text ?? '');
      const at = /:\s*([^@\s]+)@(\S+)$/.exec(locationText ?? '');
      const fixed = line(texts, 'Fixed Version', 'Fix Version');
      const score = cvssScore(rule?.properties?.['security-severity']);
      const title = rule?.shortDescription?.text;
      vulnerabilities.push({
        id: vulnerabilityIdOf(ruleId),
        severity: severityOf(rule, texts),
        package: line(texts, 'Package') ?? reports?.[1] ?? at?.[1] ?? 'unknown',
        installedVersion:
          line([result.message?.text], 'Installed Version') ??
          line(texts, 'Version') ??
          reports?.[2] ??
          at?.[2] ??
          '',
        ...(fixed ? { fixedVersion: fixed } : {}),
        ...(score !== undefined ? { cvss: score } : {}),
        ...(title ? { title } : {}),
      });
    }
  }
  const invocation = run.invocations?.[0];
  const reports = reportsForDigests(named, ctx, ({ digest, repository }) => ({
    digest,
    ...(repository ? { repository } : {}),
    tags: tags.filter((t) => t.repository === repository).map((t) => t.normalized),
    scanner: {
      name: run.tool.driver.name.toLowerCase(),
      ...(run.tool.driver.version ? { version: run.tool.driver.version } : {}),
    },
    format: 'sarif',
    scannedAt: reportTime(invocation?.endTimeUtc ?? invocation?.startTimeUtc, ctx),
    source: ctx.source ?? 'upload',
    vulnerabilities: dedupeVulnerabilities(vulnerabilities),
    suppressed: [],
  }));
  if (reports.length === 0) {
    throw new InputError('The SARIF log names no image digest', [
      {
        path: 'runs.0.properties.repoDigests',
        message: 'Give the image digest the report belongs to',
      },
    ]);
  }
  return reports;
}
