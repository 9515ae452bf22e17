/**
 * What developers read in kubectl: the Deny message (status.message), Audit warnings and the
 * auditAnnotations. Kept short (kubectl shows the whole message; warnings over 256 characters may be
 * truncated by clients) and always naming the image, the rule, the threshold and what to fix.
 */
import type { Vulnerability } from '@gated/shared';
import type { RuleHit, TriggeredRule } from './rule-outcomes.js';

/** Upper bound of the Deny message, well within what kubectl prints on one screen. */
export const MAX_DENY_MESSAGE = 1000;
/** Kubernetes recommends ≤ 120 characters per warning and may truncate over 256. */
export const MAX_WARNING = 256;
/** More warnings than this are folded into one "and N more". */
export const MAX_WARNINGS = 10;

/** `<portalUrl>/admissions/<eventId>` when both are known. */
export function eventLink(portalUrl: string | null, eventId: string | undefined): string | null {
  if (!portalUrl || !eventId) return null;
  return `${portalUrl.replace(/\/+$/, '')}/admissions/${encodeURIComponent(eventId)}`;
}

/**
 * `CVE-2024-3094 (Critical, xz-utils 5.6.0, fix available: 5.6.1)`, `… no fix yet`, and
 * `, known exploited (CISA KEV)` when the policy's KEV catalogue lists it.
 */
export function findingWords(v: Vulnerability, kev?: ReadonlySet<string>): string {
  const fix = v.fixedVersion ? `fix available: ${v.fixedVersion}` : 'no fix yet';
  const exploited = kev?.has(v.id) ? ', known exploited (CISA KEV)' : '';
  return `${v.id} (${v.severity}, ${v.package} ${v.installedVersion}, ${fix}${exploited})`;
}

function kevOf(rule: TriggeredRule): ReadonlySet<string> | undefined {
  return rule.compiled.catalogues.kev?.cves;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 3))}...`;
}

function imageWords(hit: RuleHit): string {
  return `image ${hit.image.image.reference} (${hit.image.image.containerType} ${hit.image.image.container})`;
}

/** The hit to quote: among the hits that deny (not softened), the one with the worst finding. */
function worstHit(rule: TriggeredRule): RuleHit | undefined {
  const denying = rule.hits.filter((h) => !h.softened);
  return [...(denying.length > 0 ? denying : rule.hits)].sort(
    (a, b) => b.worstRank - a.worstRank,
  )[0];
}

function remedy(hit: RuleHit): string {
  if (hit.matched.length === 0)
    return 'Scan the image and upload its report, or ask a security admin for an exemption.';
  return 'Rebuild on the fixed versions, or ask a security admin for an exemption.';
}

/**
 * The Deny message: rule, image, threshold(s), worst CVEs with fixed versions, what else triggered,
 * what to do, and the portal link. Shortened (fewer CVEs, then clipped triggers) to fit MAX_DENY_MESSAGE.
 */
export function denyMessage(
  deciding: TriggeredRule,
  others: readonly TriggeredRule[],
  link: string | null,
): string {
  const hit = worstHit(deciding);
  if (!hit)
    return clip(`Denied by security rule "${deciding.compiled.ref.name}".`, MAX_DENY_MESSAGE);
  const moreImages = deciding.hits.filter((h) => !h.softened).length - 1;
  const otherDeny = others.filter((r) => r.effectiveAction === 'Deny').length;
  const tail = [
    moreImages > 0
      ? `The rule also triggered on ${moreImages} more image${moreImages === 1 ? '' : 's'}.`
      : '',
    otherDeny > 0 ? `${otherDeny} more Deny rule${otherDeny === 1 ? '' : 's'} triggered.` : '',
    remedy(hit),
    link ? `Details: ${link}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const head = `Denied by security rule "${deciding.compiled.ref.name}": ${imageWords(hit)}`;
  for (const cves of [3, 2, 1, 0]) {
    const kev = kevOf(deciding);
    const worst = hit.matched
      .slice(0, cves)
      .map((v) => findingWords(v, kev))
      .join('; ');
    const message = `${head}: ${hit.triggers.join('; ')}.${worst ? ` Worst: ${worst}.` : ''} ${tail}`;
    if (message.length <= MAX_DENY_MESSAGE) return message;
  }
  // Still too long (huge references or many CVE ids): clip the middle, keep the link and remedy.
  return `${clip(`${head}: ${hit.triggers.join('; ')}.`, MAX_DENY_MESSAGE - tail.length - 1)} ${tail}`.slice(
    0,
    MAX_DENY_MESSAGE,
  );
}

/** One short warning per triggered Audit (or softened Deny) rule and image, at most MAX_WARNINGS. */
export function auditWarnings(rules: readonly TriggeredRule[], link: string | null): string[] {
  const warnings: string[] = [];
  for (const rule of rules) {
    for (const hit of rule.hits) {
      const action = hit.softened ? 'Deny downgraded to Audit' : 'Audit';
      const worst = hit.matched[0] ? `; worst ${findingWords(hit.matched[0], kevOf(rule))}` : '';
      warnings.push(
        clip(
          `security rule "${rule.compiled.ref.name}" (${action}): image ${hit.image.image.reference}: ${hit.triggers.join('; ')}${worst}`,
          MAX_WARNING,
        ),
      );
    }
  }
  if (warnings.length <= MAX_WARNINGS) return warnings;
  const kept = warnings.slice(0, MAX_WARNINGS - 1);
  kept.push(
    clip(
      `and ${warnings.length - kept.length} more audit findings${link ? `: ${link}` : ''}`,
      MAX_WARNING,
    ),
  );
  return kept;
}

/** auditAnnotations (the API server prefixes each key with the webhook name). */
export function auditAnnotations(
  decision: 'Audit' | 'Deny',
  deciding: TriggeredRule,
  triggered: readonly TriggeredRule[],
  policyRevision: string,
  eventId: string | undefined,
  link: string | null,
): Record<string, string> {
  const annotations: Record<string, string> = {
    decision,
    'deciding-rule': deciding.compiled.ref.name,
    'triggered-rules': clip(triggered.map((r) => r.compiled.ref.name).join(','), 1024),
    'policy-revision': policyRevision,
  };
  if (deciding.worst)
    annotations['worst-finding'] =
      `${deciding.worst.finding.id} (${deciding.worst.finding.severity})`;
  if (eventId) annotations['event-id'] = eventId;
  if (link) annotations['event-url'] = link;
  return annotations;
}
