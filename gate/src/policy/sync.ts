/**
 * Keeps the gate's policy in step with the control plane: long-poll
 * `GET /api/v1/gate/policy?wait=N` with `If-None-Match: "<revision>"`. 304 = unchanged (ask again at
 * once), 200 = a new revision (compile, swap, persist as last good). The BFF answers as soon as a
 * rule changes, so a change is enforced well within 5 s. While the BFF is unreachable the gate keeps
 * the policy it has (loaded from disk at start) and retries with capped, jittered backoff.
 */
import { GatePolicySchema } from '@gated/shared';
import type { Logger } from 'pino';
import { controlPlaneFetch, type ControlPlaneConfig } from '../control-plane/client.js';
import { LAST_GOOD_FILE, loadLastGood, saveLastGood } from './last-good.js';
import type { PolicyStore } from './store.js';

export interface PolicySyncOptions {
  controlPlane: ControlPlaneConfig;
  /** A last good file exists but cannot be used (logged here at error level). */
  onUnusableLastGood?: (problem: string) => void;
  /** A saved policy is in force again (the problem, if any, is over). */
  onLastGoodSaved?: () => void;
  /** Every control-plane response (the event batch limit header rides on it). */
  onResponse?: (headers: Headers) => void;
  store: PolicyStore;
  dataDir: string;
  waitSeconds: number;
  logger: Logger;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

export class PolicySync {
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;
  private failures = 0;

  constructor(private readonly options: PolicySyncOptions) {}

  /** Loads the last good policy from disk (if any), then polls in the background. */
  async start(): Promise<void> {
    const saved = await loadLastGood(this.options.dataDir);
    if (saved.status === 'unusable') this.unusable(saved.problem, saved.file);
    if (saved.status === 'found') {
      try {
        this.options.store.set(saved.policy, 'disk');
        this.options.logger.info(
          { revision: saved.policy.revision },
          'serving the last good policy from disk until the control plane answers',
        );
      } catch (e) {
        this.unusable(`does not compile: ${(e as Error).message}`, LAST_GOOD_FILE);
      }
    }
    this.loop = this.run();
  }

  private unusable(problem: string, file: string): void {
    this.options.logger.error(
      { file, problem },
      'the last good policy file cannot be used; the gate has no policy until the control plane answers',
    );
    this.options.onUnusableLastGood?.(problem);
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  /** One request; resolves true when a new policy was applied. Exposed for tests. */
  async pollOnce(): Promise<boolean> {
    const known = this.options.store.current;
    // Only a policy that came from the control plane (or its saved copy) may short-circuit with 304.
    const etag = known && known.source !== 'file' ? `"${known.policy.revision}"` : undefined;
    const wait = etag ? this.options.waitSeconds : 0;
    const res = await controlPlaneFetch(this.options.controlPlane, `policy?wait=${wait}`, {
      headers: etag ? { 'if-none-match': etag } : {},
      timeoutMs: (wait + 10) * 1000,
      signal: this.abort.signal,
    });
    this.options.onResponse?.(res.headers);
    if (res.status === 304) {
      await res.body?.cancel();
      return false;
    }
    const policy = GatePolicySchema.parse(await res.json());
    if (known && known.policy.revision === policy.revision && known.source === 'control-plane')
      return false;
    this.options.store.set(policy, 'control-plane');
    this.options.logger.info(
      { revision: policy.revision, rules: policy.rules.length },
      'policy updated',
    );
    try {
      await saveLastGood(this.options.dataDir, policy);
      this.options.onLastGoodSaved?.();
    } catch (e) {
      this.options.logger.warn(
        { err: (e as Error).message },
        'could not save the last good policy',
      );
    }
    return true;
  }

  private backoffMs(): number {
    const min = this.options.minBackoffMs ?? 500;
    const max = this.options.maxBackoffMs ?? 15_000;
    const ceiling = Math.min(max, min * 2 ** Math.min(this.failures, 10));
    return min + Math.random() * (ceiling - min);
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      try {
        await this.pollOnce();
        this.failures = 0;
      } catch (e) {
        if (signal.aborted) break;
        this.failures++;
        const delay = this.backoffMs();
        this.options.logger.warn(
          {
            err: (e as Error).message,
            revision: this.options.store.revision,
            retryInMs: Math.round(delay),
          },
          'policy sync failed; keeping the current policy',
        );
        await sleep(delay, signal);
      }
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
