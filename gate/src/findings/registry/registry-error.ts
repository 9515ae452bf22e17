/** What users see for any transport failure: one message, so answers never map internal ports. */
export const UNREACHABLE = 'registry unreachable';

/** A registry answered something we cannot use, or could not be reached. `status` is the HTTP status, 0 for transport errors. */
export class RegistryError extends Error {
  /** Worth retrying: a network error or timeout, not a refused address. */
  readonly transient: boolean;

  constructor(
    message: string,
    readonly status: number,
    readonly registry: string,
    options: { transient?: boolean } = {},
  ) {
    super(message);
    this.name = 'RegistryError';
    this.transient = options.transient ?? true;
  }
}
