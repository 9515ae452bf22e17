/** Test support for suites that need a real registry (gate and BFF): not used at runtime. */
export {
  DOCKER_REGISTRY_BIN,
  dockerRegistryAvailable,
  freePort,
  startDockerRegistry,
  type RegistryAuthConfig,
  type RunningRegistry,
} from './docker-registry.js';
export { OciPusher, type PushedDescriptor } from './oci-pusher.js';
export { startTokenServer, type TokenServer } from './token-server.js';
export { startConnectionCounter, type ConnectionCounter } from './connection-counter.js';
export { startKubeApiStub, type KubeApiStub } from './kube-api-stub.js';
