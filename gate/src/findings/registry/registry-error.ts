/** A registry answered something we cannot use, or could not be reached. `status` is the HTTP status, 0 for transport errors. */
export class RegistryError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly registry: string,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}
