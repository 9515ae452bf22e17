/** Admission event ↔ store row: the list item, the trace, and the lower-cased filter columns. */
import { createHash } from 'node:crypto';
import type { AdmissionEvent, AdmissionListItem } from '@gated/shared';
import type { admissionEvents } from '../../store/schema.js';

export type AdmissionRow = typeof admissionEvents.$inferInsert;

/** Same cluster, namespace, kind, name, decision and images → the same fold key. */
export function foldKeyOf(e: AdmissionEvent): string {
  const images = e.images.map((i) => `${i.reference}@${i.digest ?? ''}`).sort();
  return createHash('sha256')
    .update(JSON.stringify([e.clusterId, e.namespace, e.kind, e.name, e.decision, images]))
    .digest('base64url');
}

/** `foldKey`: when the caller has computed it already (ingest does, to look up fold targets). */
export function toAdmissionRow(e: AdmissionEvent, foldKey = foldKeyOf(e)): AdmissionRow {
  const { trace, foldedIds: _foldedIds, ...rest } = e;
  const item: AdmissionListItem = { ...rest, count: e.count, lastSeenAt: e.lastSeenAt ?? e.time };
  const rules = [e.decidingRule, ...e.triggeredRules].filter((r) => r !== null);
  const ruleText = [
    ...new Set(rules.flatMap((r) => [r.id.toLowerCase(), r.name.toLowerCase()])),
  ].join('\n');
  const imageText = e.images.flatMap((i) => [i.reference.toLowerCase(), i.digest ?? '']).join('\n');
  const cves = new Set<string>();
  if (e.worstFinding) cves.add(e.worstFinding.id.toUpperCase());
  for (const img of trace.images) for (const f of img.worstFindings) cves.add(f.id.toUpperCase());
  const searchText = [
    e.namespace,
    e.name,
    e.kind,
    e.clusterName,
    imageText,
    ...rules.map((r) => r.name),
    e.reason,
  ]
    .join('\n')
    .toLowerCase();
  return {
    id: e.id,
    time: new Date(e.time),
    lastSeenAt: new Date(e.lastSeenAt ?? e.time),
    clusterId: e.clusterId,
    clusterName: e.clusterName,
    environmentId: e.environmentId,
    namespace: e.namespace,
    kind: e.kind,
    name: e.name,
    decision: e.decision,
    dryRun: e.dryRun,
    count: e.count,
    foldKey,
    ruleText,
    imageText,
    cveText: [...cves].join('\n'),
    searchText,
    item,
    trace,
  };
}
