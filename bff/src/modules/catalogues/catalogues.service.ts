/**
 * CISA KEV and FIRST EPSS imports (docs/decisions/080): parsed strictly (shared/src/catalogues),
 * stored compactly, one row per kind; every import bumps the policy counter so gates get the new
 * catalogue with their next policy, within the propagation bound.
 */
import { createHash } from 'node:crypto';
import {
  CATALOGUE_MAX_BYTES,
  parseEpssCatalogue,
  parseKevCatalogue,
  type CatalogueKind,
  type CatalogueList,
  type CatalogueSummary,
} from '@gated/shared';
import { AppError } from '@gated/shared';
import type { AppDeps } from '../../lib/app-env.js';
import { recordAudit } from '../../store/audit.repo.js';
import {
  listCatalogueStamps,
  putCatalogue,
  type CatalogueStampRow,
} from '../../store/catalogues.repo.js';
import { bumpPolicyCounter } from '../../store/policy-state.repo.js';
import { inTransaction } from '../../store/transaction.js';

export const CATALOGUE_TITLES: Record<CatalogueKind, string> = {
  kev: 'CISA Known Exploited Vulnerabilities',
  epss: 'FIRST EPSS',
};

function summaryOf(row: CatalogueStampRow): CatalogueSummary {
  const kind = row.kind === 'epss' ? 'epss' : 'kev';
  return {
    kind,
    title: CATALOGUE_TITLES[kind],
    version: row.version,
    publishedAt: row.publishedAt.toISOString(),
    entries: row.entries,
    importedAt: row.importedAt.toISOString(),
    importedBy: row.importedBy,
  };
}

export async function listCatalogues(deps: AppDeps): Promise<CatalogueList> {
  return { items: (await listCatalogueStamps(deps.db)).map(summaryOf) };
}

/** Reads the body as CISA / FIRST publish it and keeps only what evaluation needs. */
function readCatalogue(kind: CatalogueKind, text: string) {
  if (kind === 'kev') {
    const kev = parseKevCatalogue(text);
    return { ...kev, entries: kev.cves.length, data: kev.cves.join('\n') };
  }
  const epss = parseEpssCatalogue(text);
  let data = '';
  for (const [cve, score] of epss.scores) data += `${cve},${score}\n`;
  return { ...epss, entries: epss.scores.size, data };
}

/** Imports (replaces) a catalogue from the file's text; InputError with the reason when it is not one. */
export async function importCatalogue(
  deps: AppDeps,
  actor: string,
  kind: CatalogueKind,
  text: string,
): Promise<CatalogueSummary> {
  if (Buffer.byteLength(text) > CATALOGUE_MAX_BYTES[kind])
    throw new AppError('PAYLOAD_TOO_LARGE', `At most ${CATALOGUE_MAX_BYTES[kind]} bytes`);
  const read = readCatalogue(kind, text);
  const row = {
    kind,
    version: read.version,
    publishedAt: new Date(read.publishedAt),
    entries: read.entries,
    sha256: createHash('sha256').update(read.data).digest('hex'),
    data: read.data,
    importedAt: new Date(),
    importedBy: actor,
  };
  await inTransaction(
    deps.db,
    async (tx) => {
      await putCatalogue(tx, row);
      await recordAudit(tx, {
        actor,
        action: 'catalogue.import',
        resourceType: 'catalogue',
        resourceId: kind,
        after: { version: row.version, publishedAt: read.publishedAt, entries: row.entries },
      });
      await bumpPolicyCounter(tx);
    },
    { afterCommit: () => deps.notifier.notify() },
  );
  const { data: _data, ...stamp } = row;
  return summaryOf(stamp);
}
