import {
  type AdmissionEvent,
  AdmissionEventAnswerSchema,
  AdmissionPageSchema,
  type AdmissionQuery,
  AdmissionQuerySchema,
  AdmissionStatsQuerySchema,
  AdmissionStatsSchema,
  AdmissionStoreSchema,
  fieldErrorsFromZod,
} from '@gated/shared';
import { http, HttpResponse } from 'msw';
import type { z, ZodSafeParseResult, ZodType } from 'zod';
import { db } from './mock-db';
import { problem, requireSession, respond } from './respond';

const api = (path: string) => `/api/v1${path}`;

type Filters = Omit<AdmissionQuery, 'sort' | 'cursor' | 'limit'>;

/** The same filters the BFF applies, over the in-memory events. */
export function filterAdmissions(events: AdmissionEvent[], f: Filters): AdmissionEvent[] {
  const from = f.from ? Date.parse(f.from) : -Infinity;
  const to = f.to ? Date.parse(f.to) : Infinity;
  const q = f.q?.toLowerCase();
  return events.filter((e) => {
    // A row is in the window when its first and last seen overlap it (as the BFF does).
    if (Date.parse(e.lastSeenAt ?? e.time) < from || Date.parse(e.time) > to) return false;
    if (f.decision?.length && !f.decision.includes(e.decision)) return false;
    if (f.cluster && e.clusterId !== f.cluster && e.clusterName !== f.cluster) return false;
    if (f.namespace && !e.namespace.startsWith(f.namespace.replace(/\*$/, ''))) return false;
    if (f.rule && !e.triggeredRules.some((r) => r.id === f.rule || r.name === f.rule)) return false;
    if (f.image && !e.images.some((i) => i.reference.includes(f.image ?? ''))) return false;
    if (f.cve && e.worstFinding?.id !== f.cve) return false;
    if (f.includeDryRun !== 'true' && e.dryRun) return false;
    if (q) {
      const text = [
        e.namespace,
        e.name,
        e.reason,
        ...e.images.map((i) => i.reference),
        ...e.triggeredRules.map((r) => r.name),
      ]
        .join(' ')
        .toLowerCase();
      if (!text.includes(q)) return false;
    }
    return true;
  });
}

function parseQuery<S extends ZodType>(url: string, schema: S) {
  return schema.safeParse(Object.fromEntries(new URL(url).searchParams)) as ZodSafeParseResult<
    z.output<S>
  >;
}

const BUCKET_MS = { '1m': 60_000, '5m': 300_000, '1h': 3_600_000, '1d': 86_400_000 } as const;

export const admissionHandlers = [
  http.get(api('/admissions'), ({ request }) => {
    const s = requireSession();
    if ('error' in s) return s.error;
    const query = parseQuery(request.url, AdmissionQuerySchema);
    if (!query.success)
      return problem(400, 'The query is not valid', fieldErrorsFromZod(query.error));
    const { sort, cursor, limit, ...filters } = query.data;
    const at = (e: AdmissionEvent) =>
      sort.startsWith('lastSeen') ? (e.lastSeenAt ?? e.time) : e.time;
    const all = filterAdmissions(db.admissions, filters).sort((a, b) =>
      sort.endsWith(':asc') ? at(a).localeCompare(at(b)) : at(b).localeCompare(at(a)),
    );
    const start = cursor ? Number(cursor) : 0;
    const items = all.slice(start, start + limit).map(({ trace: _trace, ...item }) => item);
    const nextCursor = start + limit < all.length ? String(start + limit) : null;
    return respond(AdmissionPageSchema, { items, nextCursor });
  }),
  http.get(api('/admissions/stats'), ({ request }) => {
    const s = requireSession();
    if ('error' in s) return s.error;
    const query = parseQuery(request.url, AdmissionStatsQuerySchema);
    if (!query.success)
      return problem(400, 'The query is not valid', fieldErrorsFromZod(query.error));
    const { bucket, ...filters } = query.data;
    const size = BUCKET_MS[bucket];
    const counts = new Map<
      number,
      { Allow: number; Audit: number; Deny: number; NotGated: number }
    >();
    const matching = filterAdmissions(db.admissions, filters);
    for (const e of matching) {
      const start = Math.floor(Date.parse(e.time) / size) * size;
      const row = counts.get(start) ?? { Allow: 0, Audit: 0, Deny: 0, NotGated: 0 };
      row[e.decision] += e.count;
      counts.set(start, row);
    }
    const buckets = [...counts.entries()]
      .sort(([a], [b]) => a - b)
      .map(([start, row]) => ({ start: new Date(start).toISOString(), ...row }));
    const firsts = matching.map((e) => e.time).sort();
    const lasts = matching.map((e) => e.lastSeenAt ?? e.time).sort();
    const first = firsts[0];
    const last = lasts.at(-1);
    return respond(AdmissionStatsSchema, {
      bucket,
      buckets,
      totals: { events: matching.length, admissions: matching.reduce((n, e) => n + e.count, 0) },
      span: first && last ? { first, last } : null,
    });
  }),
  http.get(api('/admissions/store'), () => {
    const s = requireSession();
    if ('error' in s) return s.error;
    if (s.session.role !== 'SecurityAdmin')
      return problem(403, 'Only Security Admins see the store size');
    const oldest = db.admissions.map((e) => e.lastSeenAt ?? e.time).sort()[0] ?? null;
    return respond(AdmissionStoreSchema, {
      events: db.admissions.length,
      oldest,
      bytes: 8_000_000,
      retentionDays: 30,
    });
  }),
  http.get(api('/admissions/export.csv'), ({ request }) => {
    const s = requireSession();
    if ('error' in s) return s.error;
    const query = parseQuery(request.url, AdmissionQuerySchema);
    if (!query.success)
      return problem(400, 'The query is not valid', fieldErrorsFromZod(query.error));
    const rows = filterAdmissions(db.admissions, query.data).map((e) =>
      [e.time, e.clusterName, e.namespace, `${e.kind}/${e.name}`, e.decision].join(','),
    );
    return new HttpResponse(['time,cluster,namespace,resource,decision', ...rows].join('\n'), {
      headers: { 'Content-Type': 'text/csv' },
    });
  }),
  http.get(api('/admissions/:id'), ({ params }) => {
    const s = requireSession();
    if ('error' in s) return s.error;
    const event = db.admissions.find((e) => e.id === params.id);
    if (event) return respond(AdmissionEventAnswerSchema, event);
    const into = db.admissions.find((e) => e.foldedIds?.includes(String(params.id)));
    return into
      ? respond(AdmissionEventAnswerSchema, { ...into, foldedFrom: String(params.id) })
      : problem(404, 'No such admission event');
  }),
];
