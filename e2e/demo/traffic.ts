/**
 * The demo traffic source: plays a Kubernetes API server sending AdmissionReviews to the local
 * gate, a few per second, from the kubectl-made demo objects. Mostly CREATEs, some UPDATEs that
 * roll out a newer tag or just rescale, and the odd dry-run, so monitoring shows every decision.
 */
import { randomBytes } from 'node:crypto';
import { admissionReview, podSpecsOf, type KubeObject } from '../fixtures/kube.js';
import { sendAdmissionReview } from '../support/gate-client.js';
import { DEMO_USERS, DEMO_WORKLOADS, ROLLOUT_TAGS } from './catalog.js';
import { demoObject } from './objects.js';

export interface TrafficOptions {
  gateUrl: string;
  /** Mean admissions per second. @default 3 */
  ratePerSecond?: number;
  log: (line: string) => void;
}

function pick<T>(items: readonly T[]): T {
  const item = items[Math.floor(Math.random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** Pods and Jobs get generated names, like the ones controllers and CI give them. */
function instanceOf(obj: KubeObject): KubeObject {
  const copy = structuredClone(obj);
  if (obj.kind === 'Pod' || obj.kind === 'Job')
    copy.metadata.name = `${obj.metadata.name}-${randomBytes(3).toString('hex').slice(0, 5)}`;
  return copy;
}

/** The same object with each image that has a newer tag rolled forward (a `kubectl set image`). */
function rolledOut(obj: KubeObject): KubeObject | undefined {
  const copy = structuredClone(obj);
  let changed = false;
  for (const spec of podSpecsOf(copy)) {
    for (const c of spec.containers) {
      const next = typeof c.image === 'string' ? ROLLOUT_TAGS[c.image] : undefined;
      if (next) {
        c.image = next;
        changed = true;
      }
    }
  }
  return changed ? copy : undefined;
}

export function startTraffic(options: TrafficOptions): { stop(): void } {
  // Generated-name kinds (Pods, Jobs) make a new event each time; long-lived workloads fold
  // repeats into one. Weighting keeps both visible in monitoring.
  const objects = DEMO_WORKLOADS.flatMap((spec) => {
    const obj = demoObject(spec);
    return spec.kind === 'Pod' || spec.kind === 'Job' ? [obj] : [obj, obj, obj];
  });
  const meanGapMs = 1000 / (options.ratePerSecond ?? 3);
  const tally: Record<string, number> = { Allow: 0, Audit: 0, Deny: 0, failed: 0 };
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const once = async () => {
    const base = pick(objects);
    const roll = Math.random();
    const newer = rolledOut(base);
    const review =
      roll < 0.2 && newer
        ? admissionReview(newer, {
            operation: 'UPDATE',
            oldObject: base,
            username: pick(DEMO_USERS),
          })
        : roll < 0.3
          ? admissionReview(base, {
              operation: 'UPDATE',
              oldObject: base,
              username: pick(DEMO_USERS),
            })
          : admissionReview(instanceOf(base), {
              operation: 'CREATE',
              dryRun: roll > 0.97,
              username: pick(DEMO_USERS),
            });
    try {
      const response = await sendAdmissionReview(options.gateUrl, review);
      const decision = !response.allowed ? 'Deny' : response.warnings?.length ? 'Audit' : 'Allow';
      tally[decision] = (tally[decision] ?? 0) + 1;
    } catch (error) {
      tally.failed = (tally.failed ?? 0) + 1;
      if ((tally.failed ?? 0) % 20 === 1)
        options.log(`demo traffic: gate call failed: ${String(error)}`);
    }
  };

  const schedule = () => {
    if (stopped) return;
    // Exponential gaps: bursts and lulls, like real deploy traffic.
    const gap = Math.min(-Math.log(1 - Math.random()) * meanGapMs, meanGapMs * 5);
    timer = setTimeout(() => {
      void once().finally(schedule);
    }, gap);
  };
  const report = setInterval(() => {
    options.log(
      `demo traffic: ${Object.entries(tally)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
  }, 15_000);
  schedule();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      clearInterval(report);
    },
  };
}
