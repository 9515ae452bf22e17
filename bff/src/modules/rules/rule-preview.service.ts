/**
 * Impact preview: replays a draft rule over the stored admissions of the last 7/30 days with the
 * gate's own engine (`@gated/gate/engine`), against today's findings store, and reports what it
 * would have denied or audited. The draft is evaluated alone, so an edited rule's stored version
 * never masks it.
 */
import {
  compilePolicy,
  evaluateSubject,
  subjectFromEvent,
  type FindingsLookup,
} from '@gated/gate/engine';
import {
  DEFAULT_UNGATED_REGISTRIES,
  parseImageReference,
  type AdmissionEvent,
  type FindingsReport,
  type GatePolicy,
  type Rule,
  type RulePreviewRequest,
  type RulePreviewResult,
} from '@gated/shared';
import { and, desc, gte, sql } from 'drizzle-orm';
import type { AppDeps } from '../../lib/app-env.js';
import { listEnvironmentRows } from '../../store/environments.repo.js';
import { reportsByDigest } from '../../store/findings.repo.js';
import { admissionEvents } from '../../store/schema.js';
import { gateCataloguesFor } from '../catalogues/gate-catalogues.js';
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
  const compiledByEnv = new Map<string, ReturnType<typeof compilePolicy>>();
  const compiledFor = (event: AdmissionEvent) => {
    let compiled = compiledByEnv.get(event.environmentId);
    if (!compiled) {
      const env = envs.get(event.environmentId);
      const policy: GatePolicy = {
        revision: 'preview',
        generatedAt: to.toISOString(),
        cluster: { id: event.clusterId, name: event.clusterName },
        environment: {
          id: event.environmentId,
          cloud: (env?.cloud ?? 'Azure') as GatePolicy['environment']['cloud'],
          accountId: env?.accountId ?? '',
          name: env?.name ?? '',
        },
        gatingEnabled: true,
        findingsEnabled: true,
        registryAccessEnabled: true,
        ungatedRegistries: env?.ungatedRegistries ?? DEFAULT_UNGATED_REGISTRIES,
        securityGating: { enabled: false, identities: [], allowSecretAccess: false },
        rules:
          rule.scope.cloudScopes.length === 0 ||
          rule.scope.cloudScopes.includes(event.environmentId)
            ? [rule]
            : [],
        portalUrl: null,
        ...(catalogues ? { catalogues } : {}),
      };
      compiled = compilePolicy(policy);
      compiledByEnv.set(event.environmentId, compiled);
    }
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
    const decision = evaluateSubject(subjectOf(event), compiledFor(event), lookup, now, {
      eventId: event.id,
    });
    if (decision.decision !== 'Deny' && decision.decision !== 'Audit') continue;
    if (decision.decision === 'Deny') wouldDeny++;
    else wouldAudit++;
    workloads.add(
      `${event.clusterId}/${event.namespace}/${event.owner?.kind ?? event.kind}/${event.owner?.name ?? event.name}`,
    );
    if (examples.length < MAX_EXAMPLES) {
      const because = decision.trace.images.flatMap((i) =>
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
