import { InputError } from '../errors/errors.js';
import type { FieldError } from '../errors/problem.schema.js';
import type { FindingSeverity, FindingsReport, Vulnerability } from './findings.schema.js';
import {
  cvssScore,
  dedupeVulnerabilities,
  digestsFromRepoDigests,
  entriesOf,
  recordOf,
  refuseUnreadableEntries,
  reportsForDigests,
  reportTime,
  severityFromScore,
  severityFromWordOrScore,
  stringsOf,
  tagsFromRepoTags,
  textOf,
  vulnerabilityIdOf,
  type ReportContext,
} from './report-common.js';

/** A SARIF rule as the findings need it; every field is optional metadata. */
interface SarifRule {
  id: string | undefined;
  shortDescription: string | undefined;
  help: string | undefined;
  securitySeverity: unknown;
  tags: string[];
}

/** `{ text }` of a SARIF message, when it is text. */
function messageText(v: unknown): string | undefined {
  return textOf(recordOf(v)?.text);
}

function ruleOf(raw: unknown): SarifRule {
  const r = recordOf(raw) ?? {};
  const props = recordOf(r.properties) ?? {};
  return {
    id: textOf(r.id),
    shortDescription: messageText(r.shortDescription),
    help: messageText(r.help),
    securitySeverity: props['security-severity'],
    tags: stringsOf(props.tags),
  };
}

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
  for (const tag of rule?.tags ?? []) {
    const s = severityFromWordOrScore(tag);
    if (s !== 'Unknown' && !/^\d/.test(tag)) return s;
  }
  return severityFromScore(cvssScore(rule?.securitySeverity));
}

/**
 * Turns a SARIF 2.1.0 vulnerability log (Trivy or Grype `-f sarif`) into findings reports. Package and
 * versions come from the `Package:` / `Installed Version:` / `Fixed Version:` lines both scanners write;
 * severity from the `Severity:` line, the rule's tags, or its `security-severity` score.
 * SARIF rarely names the image digest, so the context's digest is usually needed.
 */
export function parseSarifReport(input: unknown, ctx: ReportContext = {}): FindingsReport[] {
  const doc = recordOf(input);
  const runs = Array.isArray(doc?.runs) ? doc.runs.map((r) => recordOf(r) ?? {}) : undefined;
  if (!doc || doc.version !== '2.1.0' || !runs)
    throw new InputError('Not a SARIF 2.1.0 log', [
      { path: 'runs', message: 'Expected version "2.1.0" and a list of runs' },
    ]);
  const run = runs[0];
  if (!run)
    throw new InputError('The SARIF log has no run', [
      { path: 'runs', message: 'Expected at least one run' },
    ]);
  const properties = recordOf(run.properties) ?? {};
  const named = digestsFromRepoDigests(stringsOf(properties.repoDigests));
  const tags = tagsFromRepoTags(stringsOf(properties.repoTags));

  const vulnerabilities: Vulnerability[] = [];
  const problems: FieldError[] = [];
  let total = 0;
  runs.forEach((r, i) => {
    const driver = recordOf(recordOf(r.tool)?.driver) ?? {};
    const rules = (Array.isArray(driver.rules) ? driver.rules : []).map(ruleOf);
    entriesOf(r.results, `runs.${i}.results`, problems).forEach((raw, j) => {
      total++;
      const result = recordOf(raw) ?? {};
      const ruleIndex = typeof result.ruleIndex === 'number' ? result.ruleIndex : undefined;
      const rule =
        (ruleIndex !== undefined ? rules[ruleIndex] : undefined) ??
        rules.find((x) => x.id !== undefined && x.id === textOf(result.ruleId));
      const ruleId = textOf(result.ruleId) ?? rule?.id;
      if (!ruleId) {
        problems.push({
          path: `runs.${i}.results.${j}.ruleId`,
          message: 'Expected the rule (vulnerability) ID of the result',
        });
        return;
      }
      const message = messageText(result.message);
      const texts = [message, rule?.help];
      const locations = Array.isArray(result.locations) ? result.locations : [];
      const locationText = messageText(recordOf(locations[0])?.message);
      // Grype: "The path … reports libexpat1 at version 2.5.0-1 …"; Trivy locations: "repo: libexpat1@2.5.0-1".
      const reports = /reports (\S+) at version (\S+)/.exec(message ?? '');
      const at = /:\s*([^@\s]+)@(\S+)$/.exec(locationText ?? '');
      const fixed = line(texts, 'Fixed Version', 'Fix Version');
      const score = cvssScore(rule?.securitySeverity);
      const title = rule?.shortDescription;
      vulnerabilities.push({
        id: vulnerabilityIdOf(ruleId),
        severity: severityOf(rule, texts),
        package: line(texts, 'Package') ?? reports?.[1] ?? at?.[1] ?? 'unknown',
        installedVersion:
          line([message], 'Installed Version') ??
          line(texts, 'Version') ??
          reports?.[2] ??
          at?.[2] ??
          '',
        ...(fixed ? { fixedVersion: fixed } : {}),
        ...(score !== undefined ? { cvss: score } : {}),
        ...(title ? { title } : {}),
      });
    });
  });
  refuseUnreadableEntries('SARIF', total, problems);
  const driver = recordOf(recordOf(run.tool)?.driver) ?? {};
  const name = (textOf(driver.name) ?? 'unknown').toLowerCase().slice(0, 100);
  const version = textOf(driver.version)?.slice(0, 100);
  const invocation = recordOf(Array.isArray(run.invocations) ? run.invocations[0] : undefined);
  const reportsOut = reportsForDigests(named, ctx, ({ digest, repository }) => ({
    digest,
    ...(repository ? { repository } : {}),
    tags: tags.filter((t) => t.repository === repository).map((t) => t.normalized),
    scanner: { name, ...(version ? { version } : {}) },
    format: 'sarif',
    scannedAt: reportTime(invocation?.endTimeUtc ?? invocation?.startTimeUtc, ctx),
    source: ctx.source ?? 'upload',
    vulnerabilities: dedupeVulnerabilities(vulnerabilities),
    suppressed: [],
  }));
  if (reportsOut.length === 0) {
    throw new InputError('The SARIF log names no image digest', [
      {
        path: 'runs.0.properties.repoDigests',
        message: 'Give the image digest the report belongs to',
      },
    ]);
  }
  return reportsOut;
}
