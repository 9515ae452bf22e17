/**
 * Standalone policy for air-gapped and GitOps clusters: `--policy-file` / `GATE_POLICY_FILE`, the
 * same YAML as `GET /rules/export`. Gating and findings are on; ungated registries come from the
 * document or the product defaults. The file is polled for changes (works with ConfigMap symlink
 * swaps, where fs.watch loses track); an invalid edit is logged and the previous policy kept.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import {
  DEFAULT_UNGATED_REGISTRIES,
  parseRuleExport,
  type GatePolicy,
  type Rule,
} from '@gated/shared';
import type { Logger } from 'pino';
import type { PolicyStore } from './store.js';

export interface StandaloneIdentity {
  clusterName: string;
  environmentId: string;
}

/** Builds a GatePolicy from the document's text, or throws with every error the document has. */
export function policyFromRuleExport(
  text: string,
  identity: StandaloneIdentity,
  now = new Date(),
): GatePolicy {
  const parsed = parseRuleExport(text);
  if (!parsed.ok) {
    const details = parsed.errors.flatMap((e) =>
      e.errors.map((f) => `rule ${e.index}${e.name ? ` (${e.name})` : ''} ${f.path}: ${f.message}`),
    );
    throw new Error([parsed.detail, ...details].join('\n'));
  }
  const revision = `file-${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
  const at = now.toISOString();
  const rules: Rule[] = parsed.value.rules.map((r) => ({
    ...r,
    // Stable across reloads: the name is unique (case-insensitive) in a valid document.
    id: `file:${r.name.toLowerCase()}`,
    revision: 1,
    createdAt: at,
    createdBy: 'policy-file',
    updatedAt: at,
    updatedBy: 'policy-file',
  }));
  return {
    revision,
    generatedAt: at,
    cluster: { id: identity.clusterName, name: identity.clusterName },
    environment: {
      id: identity.environmentId,
      cloud: 'Azure',
      accountId: identity.environmentId,
      name: identity.environmentId,
    },
    gatingEnabled: true,
    findingsEnabled: true,
    registryAccessEnabled: true,
    ungatedRegistries: parsed.value.ungatedRegistries ?? [...DEFAULT_UNGATED_REGISTRIES],
    securityGating: { enabled: true, identities: [], allowSecretAccess: false },
    rules,
    portalUrl: null,
  };
}

export class PolicyFileWatcher {
  private lastText: string | null = null;
  /** inode, size and mtime of the file as last seen by a poll (or just before the first load). */
  private lastStamp = '';
  private timer: NodeJS.Timeout | undefined;
  private polling = false;

  constructor(
    private readonly file: string,
    private readonly identity: StandaloneIdentity,
    private readonly store: PolicyStore,
    private readonly logger: Logger,
    private readonly pollMs = 1000,
  ) {}

  /** Loads the file (throws when the first load fails: a standalone gate without rules must not start). */
  async start(): Promise<void> {
    // The stamp is taken before the read, so an edit that lands between the two is seen by the
    // first poll. (fs.watchFile takes its baseline on its own first poll, after the load, and an
    // edit made in that gap was never applied.)
    this.lastStamp = await this.stamp();
    const text = await readFile(this.file, 'utf8');
    this.apply(text);
    this.timer = setInterval(() => void this.poll(), this.pollMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async stamp(): Promise<string> {
    try {
      const s = await stat(this.file);
      return `${s.ino}:${s.size}:${s.mtimeMs}`;
    } catch {
      return 'missing';
    }
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const stamp = await this.stamp();
      if (stamp === this.lastStamp) return;
      this.lastStamp = stamp;
      await this.reload();
    } finally {
      this.polling = false;
    }
  }

  /** Re-reads the file; keeps the current policy when it is unreadable or invalid. */
  async reload(): Promise<boolean> {
    try {
      const text = await readFile(this.file, 'utf8');
      if (text === this.lastText) return false;
      this.apply(text);
      return true;
    } catch (e) {
      this.logger.error(
        { err: (e as Error).message, file: this.file },
        'policy file not applied; keeping the current policy',
      );
      return false;
    }
  }

  private apply(text: string): void {
    const policy = policyFromRuleExport(text, this.identity);
    this.store.set(policy, 'file');
    this.lastText = text;
    this.logger.info(
      { revision: policy.revision, rules: policy.rules.length, file: this.file },
      'policy loaded from file',
    );
  }
}
