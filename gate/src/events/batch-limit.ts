/**
 * How large an event batch may be. The control plane advertises its body limit in a response
 * header of `/gate/policy` and `/gate/events`; a 413 (a proxy in between may allow less) lowers it
 * below the size refused. Until either happens, the control plane's default limit is assumed.
 */
import { DEFAULT_EVENT_BATCH_LIMIT_BYTES, EVENT_BATCH_LIMIT_HEADER } from '@gated/shared';

/** Room left for the envelope (`{"events":[…],"gate":{…}}`: version and revision are ≤ 100 chars each). */
const ENVELOPE_BYTES = 1024;
const MIN_LIMIT = 4096;

export class EventBatchLimit {
  private advertised = DEFAULT_EVENT_BATCH_LIMIT_BYTES;
  private refusedAt = Number.POSITIVE_INFINITY;

  /** Bytes of events one batch may carry. */
  get eventBytes(): number {
    return Math.max(MIN_LIMIT, Math.min(this.advertised, this.refusedAt - 1)) - ENVELOPE_BYTES;
  }

  /** Reads the header of a control-plane response, when it carries one. */
  observe(headers: Headers): void {
    const value = Number(headers.get(EVENT_BATCH_LIMIT_HEADER));
    if (Number.isInteger(value) && value >= MIN_LIMIT) this.advertised = value;
  }

  /** A body of `bytes` was answered 413. */
  tooLarge(bytes: number): void {
    this.refusedAt = Math.max(MIN_LIMIT, Math.min(this.refusedAt, bytes));
  }
}
