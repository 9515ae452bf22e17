/**
 * Impact preview: replays a draft rule over the stored admissions of the last 7/30 days with the
 * gate's own engine (`@gated/gate/engine`), against today's findings store, and reports what it
 * would have denied or audited. The draft is evaluated alone, so an edited rule's stored version
 * never masks it.
 */
import {
  compilePolicy,
  evaluateSubjectDeferred,
  subjectFromEvent,
  type FindingsLookup,
} from '@gated/gate/engine';
import {
  parseImageReference,
  type AdmissionEvent,
  type FindingsReport,
  type Rule,
  type RulePreviewRequest,
  type RulePreviewResult,
} from '@gated/shared';
import { and, desc, gte, sql } from 'drizzle-orm';
import type { AppDeps } from '../../lib/app-env.js';
import { listEnvironmentRows, toEnvironment } from '../../store/environments.repo.js';
import { reportsByDigest } from '../../store/findings.repo.js';
import { admissionEvents } from '../../store/schema.js';
import { gateCataloguesFor } from '../catalogues/gate-catalogues.js';
import { gatePolicyContentOf, rulesReaching } from '../gate/gate-policy-of.js';
import { impactToken } from './impact-acknowledgement.js';

/** Most recent admissions replayed; keeps a preview interactive on a busy store. */
export const PREVIEW_MAX_EVENTS = 5000;
const MAX_EXAMPLES = 20;

function draftRule(input: RulePreviewRequest['rule'], now: string): Rule {
  return {
    ...input,
    enabled: true,
    id: 'draft',
    revision: 1,
    createdAt: now,
    createdBy: 'preview',
    updatedAt: now,
    updatedBy: 'preview',
  };
}

/** The event's subject; events recorded without a trace still name their images. */
function subjectOf(event: AdmissionEvent) {
  const subject = subjectFromEvent(event);
  if (subject.images.length === 0) {
    subject.images = event.images.map((i, n) => ({
      container: `container-${n}`,
      containerType: 'container' as const,
      reference: i.reference,
    }));
  }
  return subject;
}

export async function previewRule(
  deps: AppDeps,
  req: RulePreviewRequest,
): Promise<RulePreviewResult> {
  const to = new Date();
  const from = new Date(to.getTime() - req.days * 86_400_000);
  const rows = await deps.db
    .select({ item: admissionEvents.item, trace: admissionEvents.trace })
    .from(admissionEvents)
    .where(
      and(
        gte(admissionEvents.time, from),
        sql`NOT ${admissionEvents.dryRun}`,
        sql`${admissionEvents.decision} <> 'NotGated'`,
      ),
    )
    .orderBy(desc(admissionEvents.time), desc(admissionEvents.id))
    .limit(PREVIEW_MAX_EVENTS);
  const events: AdmissionEvent[] = rows.map((r) => ({ ...r.item, trace: r.trace }));
  const digests = [
    ...new Set(events.flatMap((e) => e.images.flatMap((i) => (i.digest ? [i.digest] : [])))),
  ];
  const reports = new Map<string, FindingsReport>();
  for (let i = 0; i < digests.length; i += 500)
    for (const [d, r] of await reportsByDigest(deps.db, digests.slice(i, i + 500)))
      reports.set(d, r);

  const envs = new Map((await listEnvironmentRows(deps.db)).map((e) => [e.id, e]));
  const rule = draftRule(req.rule, to.toISOString());
  const catalogues = await gateCataloguesFor(deps, [rule]);
  const compiledByEnv = new Map<string, ReturnType<typeof compilePolicy> | undefined>();
  /** The draft compiled as the event's environment would get it; none once that is deleted. */
  const compiledFor = (event: AdmissionEvent) => {
    if (compiledByEnv.has(event.environmentId)) return compiledByEnv.get(event.environmentId);
    const row = envs.get(event.environmentId);
    const compiled =
      row &&
      compilePolicy({
        revision: 'preview',
        generatedAt: to.toISOString(),
        ...gatePolicyContentOf({
          cluster: { id: event.clusterId, name: event.clusterName },
          environment: toEnvironment(row),
          // What the rule would do where it is enforced, whatever the toggles say today.
          enforcement: { gatingEnabled: true, findingsEnabled: true, registryAccessEnabled: true },
          rules: rulesReaching([rule], event.environmentId),
          securityGating: { enabled: false, identities: [], allowSecretAccess: false },
          portalUrl: null,
          catalogues,
        }),
      });
    compiledByEnv.set(event.environmentId, compiled);
    return compiled;
  };

  let wouldDeny = 0;
  let wouldAudit = 0;
  const workloads = new Set<string>();
  const examples: RulePreviewResult['examples'] = [];
  const now = to.getTime();
  for (const event of events) {
    // The digests the gate resolved at admission time stand in for registry lookups.
    const tagMap = new Map<string, string>();
    for (const img of event.images) {
      const ref = parseImageReference(img.reference);
      if (!('error' in ref) && img.digest) tagMap.set(ref.normalized, img.digest);
    }
    const lookup: FindingsLookup = {
      resolveDigest: (normalized) => tagMap.get(normalized),
      findings: (digest) => {
        const report = reports.get(digest);
        return report
          ? { status: 'found', report, source: `${report.source}:${report.format}` }
          : { status: 'unscanned' };
      },
    };
    const compiled = compiledFor(event);
    // A deleted environment's clusters are gone with it: nothing there to preview against.
    if (!compiled) continue;
    // The trace (a second, worded evaluation) is built only for the few examples shown.
    const { decision, trace } = evaluateSubjectDeferred(subjectOf(event), compiled, lookup, now, {
      eventId: event.id,
    });
    if (decision.decision !== 'Deny' && decision.decision !== 'Audit') continue;
    if (decision.decision === 'Deny') wouldDeny++;
    else wouldAudit++;
    workloads.add(
      `${event.clusterId}/${event.namespace}/${event.owner?.kind ?? event.kind}/${event.owner?.name ?? event.name}`,
    );
    if (examples.length < MAX_EXAMPLES) {
      const because = trace().images.flatMap((i) =>
        i.rules.filter((r) => r.triggered).flatMap((r) => r.triggers),
      );
      examples.push({
        eventId: event.id,
        time: event.time,
        clusterName: event.clusterName,
        namespace: event.namespace,
        kind: event.kind,
        name: event.name,
        images: event.images.map((i) => i.reference),
        outcome: decision.decision,
        because: [...new Set(because)].join('; ').slice(0, 500) || decision.reason.slice(0, 500),
      });
    }
  }
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    evaluated: events.length,
    wouldDeny,
    wouldAudit,
    workloads: workloads.size,
    examples,
    acknowledgement: impactToken(req.rule),
  };
}
