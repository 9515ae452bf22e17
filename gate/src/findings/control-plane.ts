/** Findings from the control plane: batched `POST /api/v1/gate/findings` (uploaded reports). */
import { FindingsReportSchema } from '@gated/shared';
import { z } from 'zod';
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
    const parsed = AnswerEnvelopeSchema.parse(await res.json());
    for (const [tag, digest] of Object.entries(parsed.tags))
      if (typeof digest === 'string') answer.digests.set(tag, digest);
    // Each report on its own: one the schema refuses (stored before the control plane checked
    // what it stores) leaves its digest unknown to this source, never "no findings", and no
    // longer fails every other image of the call with it.
    const unreadable = new Set<string>();
    for (const [digest, report] of Object.entries(parsed.reports)) {
      if (report === null) {
        answer.reports.set(digest, null);
        continue;
      }
      const checked = FindingsReportSchema.safeParse(report);
      if (checked.success) answer.reports.set(digest, checked.data);
      else unreadable.add(digest);
    }
    // Digests asked for but not mentioned: the control plane has no report for them.
    for (const d of body.digests)
      if (!answer.reports.has(d) && !unreadable.has(d)) answer.reports.set(d, null);
  }
}

/** The shape of `GateFindingsResponseSchema` (shared), its entries left to be checked one by one. */
const AnswerEnvelopeSchema = z.object({
  reports: z.record(z.string(), z.unknown()),
  tags: z.record(z.string(), z.unknown()),
});
