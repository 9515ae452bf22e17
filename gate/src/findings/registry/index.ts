/**
 * `@gated/gate/registry`: findings from OCI registries. An OCI client (tags, indexes, referrers,
 * verified blobs), registry credentials (static, pull secrets, ACR / ECR / Google workload identity),
 * and the `RegistryFindingsSource` the gate composes into its findings cache. See README.md here.
 */
export {
  OciClient,
  type Descriptor,
  type FetchedManifest,
  type Manifest,
  type ReferrersMode,
} from './oci-client.js';
export { RegistryHttp, type RegistryRequest } from './registry-http.js';
export { RegistryError, UNREACHABLE } from './registry-error.js';
export type {
  OciClientOptions,
  RegistryTransportOptions,
  TransportErrorEntry,
} from './registry-options.js';
export {
  classifyAddress,
  resolveChecked,
  OutboundRefusedError,
  type AddressClass,
  type Resolver,
} from './outbound-address.js';
export { guardedFetch, type OutboundPolicy } from './outbound-guard.js';
export { readLimited } from './read-body.js';
export {
  MEDIA,
  MANIFEST_ACCEPT,
  REPORT_ARTIFACT_TYPES,
  CREATED_ANNOTATION,
} from './media-types.js';
export {
  RegistryFindingsSource,
  type ImageFindings,
  type RegistryFindingsSourceOptions,
  type RegistryLookupRequest,
  type RegistrySourceAnswer,
} from './registry-findings-source.js';
export { prefetchFromRegistry, type RegistryLookup } from './registry-lookup.js';
export {
  StaticCredentials,
  hostMatches,
  type CredentialProvider,
  type RegistryCredential,
  type BasicCredential,
  type RefreshTokenCredential,
} from './auth/credentials.js';
export { PullSecretCredentials, registryHostOfConfigKey } from './auth/docker-config.js';
export { AcrCredentials, type AcrCredentialOptions } from './auth/acr.js';
export { EcrCredentials, type EcrCredentialOptions } from './auth/ecr.js';
export { GarCredentials, type GarCredentialOptions } from './auth/gar.js';
export { parseChallenge, type AuthChallenge } from './auth/challenge.js';
export * as registryTesting from './testing/index.js';
