/** Findings from the control plane: batched `POST /api/v1/gate/findings` (uploaded reports). */
import { GateFindingsResponseSchema } from '@gated/shared';
import { controlPlaneFetch, type ControlPlaneConfig } from '../control-plane/client.js';
import type { FindingsSource, SourceAnswer } from './source.js';

const MAX_PER_CALL = 500;

export class ControlPlaneFindingsSource implements FindingsSource {
  readonly name = 'control-plane';
  readonly digestSource = 'report' as const;

  constructor(private readonly config: ControlPlaneConfig) {}

  async lookup(
    request: Parameters<FindingsSource['lookup']>[0],
    signal: AbortSignal,
  ): Promise<SourceAnswer> {
    const answer: SourceAnswer = { digests: new Map(), reports: new Map() };
    const references = request.tags.map((t) => t.normalized);
    const calls: Promise<void>[] = [];
    // The schema caps each list at 500; admissions carry a handful of images, so one call is the norm.
    for (let i = 0; i < Math.max(request.digests.length, references.length); i += MAX_PER_CALL) {
      const body = {
        digests: request.digests.slice(i, i + MAX_PER_CALL),
        references: references.slice(i, i + MAX_PER_CALL),
      };
      calls.push(this.call(body, signal, answer));
    }
    await Promise.all(calls);
    return answer;
  }

  private async call(
    body: { digests: string[]; references: string[] },
    signal: AbortSignal,
    answer: SourceAnswer,
  ): Promise<void> {
    const res = await controlPlaneFetch(this.config, 'findings', {
      method: 'POST',
      body,
      timeoutMs: 10_000,
      signal,
    });
    const parsed = GateFindingsResponseSchema.parse(await res.json());
    for (const [tag, digest] of Object.entries(parsed.tags)) answer.digests.set(tag, digest);
    for (const [digest, report] of Object.entries(parsed.reports))
      answer.reports.set(digest, report);
    // Digests asked for but not mentioned: the control plane has no report for them.
    for (const d of body.digests) if (!answer.reports.has(d)) answer.reports.set(d, null);
  }
}
