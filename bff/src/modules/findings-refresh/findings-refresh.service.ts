/**
 * On-demand registry pull: resolve the image, read its referrer reports through the gate's OCI client,
 * hand each report to the store. Plain functions, no Hono types; the store is a callback so the BFF
 * decides where reports go (its findings store) and tests can collect them.
 */
import {
  InputError,
  isImageReferenceError,
  parseImageReference,
  type FindingsRefreshRequest,
  type FindingsRefreshResult,
  type FindingsReport,
} from '@gated/shared';
import { RegistryError, type RegistryFindingsSource } from '@gated/gate/registry';

export interface FindingsRefreshDeps {
  source: RegistryFindingsSource;
  /** Persists one report (the BFF's findings store upsert); called once per report found. */
  storeReport(report: FindingsReport): Promise<void>;
  /** `registry/repository` known for a bare digest (e.g. from stored reports); undefined when unknown. */
  locate?(digest: string): Promise<string | undefined>;
}

/** Thrown when the registry cannot be read: the route answers 503 (try again) rather than 500. */
export class RegistryUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistryUnavailableError';
  }
}

async function target(
  input: FindingsRefreshRequest,
  deps: FindingsRefreshDeps,
): Promise<{ registry: string; repository: string; tag?: string; digest?: string }> {
  if (input.reference) {
    const ref = parseImageReference(input.reference);
    if (isImageReferenceError(ref))
      throw new InputError(ref.error, [{ path: 'reference', message: ref.error }]);
    if (input.digest && ref.digest && input.digest !== ref.digest) {
      throw new InputError('reference and digest disagree', [
        { path: 'digest', message: `The reference pins ${ref.digest}` },
      ]);
    }
    const digest = input.digest ?? ref.digest;
    return {
      registry: ref.registry,
      repository: ref.repository,
      ...(digest ? { digest } : ref.tag ? { tag: ref.tag } : {}),
    };
  }
  const digest = input.digest ?? '';
  const located = await deps.locate?.(digest);
  const ref = located ? parseImageReference(`${located}@${digest}`) : undefined;
  if (!ref || isImageReferenceError(ref)) {
    throw new InputError('Which repository holds this digest is not known', [
      { path: 'reference', message: 'Pass the image reference (registry/repository@digest)' },
    ]);
  }
  return { registry: ref.registry, repository: ref.repository, digest };
}

/** Pulls the referrers of one image and stores every report found. */
export async function refreshFindings(
  input: FindingsRefreshRequest,
  deps: FindingsRefreshDeps,
  signal?: AbortSignal,
): Promise<FindingsRefreshResult> {
  const t = await target(input, deps);
  try {
    const digest =
      t.digest ??
      (t.tag ? await deps.source.resolveTag(t.registry, t.repository, t.tag, signal) : undefined);
    if (!digest)
      throw new InputError(
        `${t.registry}/${t.repository}:${t.tag ?? ''} does not exist in the registry`,
        [{ path: 'reference', message: 'Tag not found' }],
      );
    // Fresh read: this call exists to bypass the gate-side caches.
    const found = await deps.source.fetchFindings(t.registry, t.repository, digest, signal);
    for (const report of found.reports) await deps.storeReport(report);
    return {
      repository: `${t.registry}/${t.repository}`,
      digest,
      referrersMode: found.referrersMode ?? null,
      reports: found.reports,
      notes: found.notes,
    };
  } catch (e) {
    if (e instanceof RegistryError) throw new RegistryUnavailableError(e.message);
    throw e;
  }
}
