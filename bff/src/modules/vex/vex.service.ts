/** VEX uploads: OpenVEX or CycloneDX VEX per environment (or for all), applied to the findings gates read. */
import { randomUUID } from 'node:crypto';
import {
  InputError,
  NotFoundError,
  applyVex,
  detectReportFormat,
  parseReportDocument,
  type FindingsReport,
  type StoredVexDocument,
} from '@gated/shared';
import type { AppDeps } from '../../lib/app-env.js';
import { recordAudit } from '../../store/audit.repo.js';
import type { Db } from '../../store/db.js';
import { inTransaction } from '../../store/transaction.js';
import { getEnvironmentRow } from '../../store/environments.repo.js';
import { isUuid } from '../../store/uuid.js';
import {
  deleteVexDocument,
  getVexDocument,
  insertVexDocument,
  listVexDocuments,
} from '../../store/vex.repo.js';

/** Name of a VEX document: its own id when it has one (`@id`, `serialNumber`), else the upload's. */
function nameOf(body: unknown, given: string | undefined): string {
  const doc = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const own = [doc['@id'], doc.serialNumber].find((v): v is string => typeof v === 'string');
  return (given ?? own ?? 'vex document').slice(0, 300);
}

export async function uploadVex(
  deps: AppDeps,
  actor: string,
  body: unknown,
  q: { environmentId?: string | undefined; name?: string | undefined },
): Promise<StoredVexDocument> {
  if (q.environmentId) {
    const env = isUuid(q.environmentId)
      ? await getEnvironmentRow(deps.db, q.environmentId)
      : undefined;
    if (!env)
      throw new InputError('No such environment', [
        {
          path: 'query.environmentId',
          message: 'Give an existing environment id, or none for all',
        },
      ]);
  }
  const format = detectReportFormat(body);
  const parsed =
    format === 'openvex' || format === 'cyclonedx' || format === 'in-toto'
      ? parseReportDocument(body, { now: new Date() })
      : undefined;
  if (parsed?.kind !== 'vex')
    throw new InputError('Not a VEX document', [
      {
        path: '',
        message: 'Expected OpenVEX or CycloneDX VEX; upload scan reports to POST /findings',
      },
    ]);
  const name = nameOf(body, q.name);
  // The trace names the uploaded document, so suppression can be traced back to this upload.
  const document = {
    ...parsed.document,
    statements: parsed.document.statements.map((s) => ({
      ...s,
      source: `${s.source.split(' ')[0]} ${name}`,
    })),
  };
  return inTransaction(deps.db, async (tx) => {
    const stored = await insertVexDocument(tx, {
      id: randomUUID(),
      environmentId: q.environmentId ?? null,
      name,
      document,
      uploadedAt: new Date(),
      uploadedBy: actor,
    });
    await recordAudit(tx, {
      actor,
      action: 'vex.upload',
      resourceType: 'vex',
      resourceId: stored.id,
      after: {
        name,
        environmentId: stored.environmentId,
        format: document.format,
        statements: document.statements.length,
      },
    });
    return stored;
  });
}

export async function listVex(
  deps: AppDeps,
  environmentId: string | undefined,
): Promise<{ items: StoredVexDocument[] }> {
  if (environmentId && !isUuid(environmentId)) return { items: [] };
  return { items: await listVexDocuments(deps.db, environmentId) };
}

export async function removeVex(deps: AppDeps, actor: string, id: string): Promise<void> {
  const found = isUuid(id) ? await getVexDocument(deps.db, id) : undefined;
  if (!found) throw new NotFoundError('No such VEX document');
  await inTransaction(deps.db, async (tx) => {
    await deleteVexDocument(tx, id);
    await recordAudit(tx, {
      actor,
      action: 'vex.delete',
      resourceType: 'vex',
      resourceId: id,
      before: { name: found.name, environmentId: found.environmentId },
    });
  });
}

/** The reports with the environment's (and the global) uploaded VEX statements applied. */
export async function withUploadedVex(
  db: Db,
  environmentId: string,
  reports: Record<string, FindingsReport | null>,
): Promise<Record<string, FindingsReport | null>> {
  const docs = await listVexDocuments(db, environmentId);
  if (docs.length === 0) return reports;
  const statements = docs.flatMap((d) => d.document.statements);
  const out: Record<string, FindingsReport | null> = {};
  for (const [digest, report] of Object.entries(reports))
    out[digest] = report ? applyVex(report, statements) : null;
  return out;
}
