/**
 * The policy in force: the last good GatePolicy, compiled once per revision. Sync and file loaders
 * write it; the admission path reads `current` (one property read, no locking: Node is single-
 * threaded and the swap is atomic). Readiness = a policy is loaded.
 */
import type { GatePolicy } from '@gated/shared';
import { compilePolicy, type CompiledPolicy } from '../engine/index.js';

export interface ActivePolicy {
  policy: GatePolicy;
  compiled: CompiledPolicy;
  /** `control-plane`, `disk` (last good copy), `file` (--policy-file). */
  source: string;
  loadedAt: number;
}

export class PolicyStore {
  private active: ActivePolicy | null = null;
  private readonly listeners: ((p: ActivePolicy) => void)[] = [];

  get current(): ActivePolicy | null {
    return this.active;
  }

  get revision(): string | null {
    return this.active?.policy.revision ?? null;
  }

  /** Compiles and swaps in `policy`; throws (keeping the old one) when it cannot be compiled. */
  set(policy: GatePolicy, source: string): ActivePolicy {
    const compiled = compilePolicy(policy);
    const next: ActivePolicy = { policy, compiled, source, loadedAt: Date.now() };
    this.active = next;
    for (const l of this.listeners) l(next);
    return next;
  }

  onChange(listener: (p: ActivePolicy) => void): void {
    this.listeners.push(listener);
  }
}
