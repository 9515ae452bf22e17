/** The typed install generator, for the control plane's generator in bff/src/deploy (which adds its own objects). */
export { isSafePlainString, toKubeYaml, toKubeYamlDocument } from './kube-yaml.js';
export {
  ManifestOptionsSchema,
  type ManifestOptions,
  type ManifestOptionsInput,
} from './manifest-options.js';
export { buildManifests, manifestList, type GateManifests } from './manifests.js';
export {
  hardenedContainerSecurityContext,
  hardenedDeployment,
  hardenedPodSecurityContext,
  httpProbe,
  IMAGE_USER,
  type HardenedDeploymentSpec,
} from './hardened-deployment.js';
export { pullSecretRbacName, workloadIdentityAnnotations } from './identity-manifests.js';
export { generateServingCertificate, type ServingCertificate } from './serving-certificate.js';
