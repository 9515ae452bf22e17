/** Connects the registry pull to this BFF: the gate's OCI client as source, our findings store as sink. */
import { RegistryFindingsSource } from '@gated/gate/registry';
import { eq } from 'drizzle-orm';
import type { AppDeps } from '../../lib/app-env.js';
import { recordAudit } from '../../store/audit.repo.js';
import { inTransaction } from '../../store/transaction.js';
import { upsertReport } from '../../store/findings.repo.js';
import { findings } from '../../store/schema.js';
import type { FindingsRefreshDeps } from './findings-refresh.service.js';

export function findingsRefreshDeps(deps: AppDeps): FindingsRefreshDeps {
  const log = deps.log.child({ component: 'findings-refresh' });
  const source = new RegistryFindingsSource({
    insecureRegistries: deps.config.insecureRegistries,
    allowedPrivateRegistries: deps.config.allowedPrivateRegistries,
    // Callers get "registry unreachable"; why (refused address, ECONNREFUSED, timeout) is logged here.
    onTransportError: (entry) => log.warn(entry, 'registry request failed'),
  });
  return {
    source,
    storeReport: async (report) => {
      await inTransaction(deps.db, async (tx) => {
        await upsertReport(tx, report, new Date());
        await recordAudit(tx, {
          actor: 'registry-refresh',
          action: 'findings.refresh',
          resourceType: 'findings',
          resourceId: report.digest,
          after: {
            digest: report.digest,
            tags: report.tags,
            scanner: report.scanner,
            scannedAt: report.scannedAt,
            vulnerabilities: report.vulnerabilities.length,
          },
        });
      });
    },
    locate: async (digest) => {
      const [row] = await deps.db
        .select({ repository: findings.repository })
        .from(findings)
        .where(eq(findings.digest, digest));
      return row?.repository ?? undefined;
    },
  };
}
