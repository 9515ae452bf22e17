/**
 * Container image references as the container runtime reads them, so that scopes, exemptions and
 * findings lookups all compare the same normalised form:
 * `nginx` → `docker.io/library/nginx:latest`; `localhost:5000/app@sha256:…` keeps its port.
 */
import { cutText } from '../text/cut-text.js';
export interface ImageReference {
  /** What the workload spec said. */
  original: string;
  /** Registry host, with port when given (`docker.io`, `myacr.azurecr.io`, `localhost:5000`). */
  registry: string;
  /** Repository path inside the registry (`library/nginx`). */
  repository: string;
  /** Tag; `latest` when neither a tag nor a digest is given. */
  tag: string | undefined;
  /** Manifest digest when the reference pins one (`sha256:…`). */
  digest: string | undefined;
  /** `registry/repository[:tag][@digest]`. */
  normalized: string;
}

const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

/** A `sha256:<64 hex>` manifest digest. */
export const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;

/**
 * The input as an error message quotes it: image names come from whoever writes a workload, and a
 * message (shown in a Deny, logged, stored with an event) must not carry megabytes of one.
 */
const MAX_QUOTED = 200;
function quoted(input: string): string {
  return input.length <= MAX_QUOTED
    ? `"${input}"`
    : `"${cutText(input, MAX_QUOTED)}…" (${input.length} characters)`;
}

/** Parses and normalises an image reference; returns an error message instead of throwing. */
export function parseImageReference(input: string): ImageReference | { error: string } {
  const original = input;
  const ref = input.trim();
  if (ref.length === 0 || ref.length > 1024)
    return { error: `invalid image reference ${quoted(input)}` };

  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest))
      return { error: `invalid digest in image reference ${quoted(input)}` };
  }

  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const lastColon = rest.lastIndexOf(':');
  if (lastColon > lastSlash) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!TAG.test(tag)) return { error: `invalid tag in image reference ${quoted(input)}` };
  }

  let registry = 'docker.io';
  let repository = rest;
  const firstSlash = rest.indexOf('/');
  if (firstSlash >= 0) {
    const first = rest.slice(0, firstSlash);
    // A first component is a registry host when it looks like one: a dot, a port or localhost.
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first.toLowerCase();
      repository = rest.slice(firstSlash + 1);
    }
  }
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = 'docker.io';
  if (registry === 'docker.io' && !repository.includes('/')) repository = `library/${repository}`;
  if (repository.length === 0 || !repository.split('/').every((c) => PATH_COMPONENT.test(c))) {
    return { error: `invalid repository in image reference ${quoted(input)}` };
  }
  if (!tag && !digest) tag = 'latest';
  const normalized = `${registry}/${repository}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
  return { original, registry, repository, tag, digest, normalized };
}

/** True when `parseImageReference` failed. */
export function isImageReferenceError(
  r: ImageReference | { error: string },
): r is { error: string } {
  return 'error' in r;
}
