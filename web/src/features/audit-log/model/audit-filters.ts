// The audit log's filters as they live in the URL, and their translation to the API query. Pure.
import type { AuditLogFilters } from '@/api/audit-log';

/** URL form: dates are calendar days (YYYY-MM-DD) in the viewer's time zone. */
export interface AuditUrlFilters {
  actor: string;
  action: string;
  target: string;
  fromDay: string;
  toDay: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function parseAuditFilters(search: URLSearchParams): AuditUrlFilters {
  const day = (k: string) => {
    const v = search.get(k) ?? '';
    return DAY.test(v) ? v : '';
  };
  return {
    actor: search.get('actor')?.trim() ?? '',
    action: search.get('action')?.trim() ?? '',
    target: search.get('target')?.trim() ?? '',
    fromDay: day('from'),
    toDay: day('to'),
  };
}

export function auditFiltersToSearch(f: AuditUrlFilters): URLSearchParams {
  const s = new URLSearchParams();
  if (f.actor) s.set('actor', f.actor);
  if (f.action) s.set('action', f.action);
  if (f.target) s.set('target', f.target);
  if (f.fromDay) s.set('from', f.fromDay);
  if (f.toDay) s.set('to', f.toDay);
  return s;
}

/** Start of a local calendar day as ISO. */
const startOfDay = (day: string, plusDays = 0) => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + plusDays).toISOString();
};

/** The API query: the "to" day is included whole (the range ends at the next day's start). */
export function auditFiltersToQuery(f: AuditUrlFilters): AuditLogFilters {
  return {
    actor: f.actor || undefined,
    action: f.action || undefined,
    resourceId: f.target || undefined,
    from: f.fromDay ? startOfDay(f.fromDay) : undefined,
    to: f.toDay ? startOfDay(f.toDay, 1) : undefined,
  };
}
