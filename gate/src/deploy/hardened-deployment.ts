/**
 * The one Deployment shape both installs share (the gate here, the control plane in
 * bff/src/deploy, which may depend on the gate but not the reverse): rolling updates that never
 * drop below the wanted replicas, a non-root numeric user with RuntimeDefault seccomp, a
 * read-only root filesystem with every capability dropped, replicas spread over nodes (and,
 * optionally, zones), and HTTP(S) probes. Decision 040 says why each part is there; change it here
 * and both installs follow.
 */
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSecurityContext } from 'kubernetes-models/v1/PodSecurityContext';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import type { ISecurityContext } from 'kubernetes-models/v1/SecurityContext';
import type { IVolume } from 'kubernetes-models/v1/Volume';

/** The images' user (the root Containerfile). */
export const IMAGE_USER = 65532;

export const hardenedPodSecurityContext = (): IPodSecurityContext => ({
  runAsNonRoot: true,
  runAsUser: IMAGE_USER,
  runAsGroup: IMAGE_USER,
  fsGroup: IMAGE_USER,
  seccompProfile: { type: 'RuntimeDefault' },
});

export const hardenedContainerSecurityContext = (): ISecurityContext => ({
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
});

/** A GET probe on a named container port. */
export function httpProbe(
  path: string,
  port: string,
  scheme: 'HTTP' | 'HTTPS',
  timing: { periodSeconds: number; timeoutSeconds: number; failureThreshold: number },
): IProbe {
  return { httpGet: { path, port, scheme }, ...timing };
}

export interface HardenedDeploymentSpec {
  name: string;
  namespace: string;
  /** On the Deployment; the pods get these plus `podLabels`. */
  labels: Record<string, string>;
  podLabels?: Record<string, string>;
  /** The pods' identity; also the anti-affinity and spread selector. */
  selector: Record<string, string>;
  replicas: number;
  serviceAccountName: string;
  /** Mount the Kubernetes API token only when the process calls the API. */
  automountServiceAccountToken: boolean;
  /** Also spread over zones (soft), for a webhook every admission depends on. */
  spreadOverZones?: boolean;
  /** The one container; its securityContext and pull policy are set here. */
  container: Omit<IContainer, 'securityContext' | 'imagePullPolicy'>;
  volumes: IVolume[];
}

export function hardenedDeployment(s: HardenedDeploymentSpec): IDeployment {
  const matchLabels = s.selector;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: s.name, namespace: s.namespace, labels: s.labels },
    spec: {
      replicas: s.replicas,
      selector: { matchLabels },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: { labels: { ...s.labels, ...s.podLabels } },
        spec: {
          serviceAccountName: s.serviceAccountName,
          automountServiceAccountToken: s.automountServiceAccountToken,
          securityContext: hardenedPodSecurityContext(),
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 100,
                  podAffinityTerm: {
                    topologyKey: 'kubernetes.io/hostname',
                    labelSelector: { matchLabels },
                  },
                },
              ],
            },
          },
          ...(s.spreadOverZones
            ? {
                topologySpreadConstraints: [
                  {
                    maxSkew: 1,
                    topologyKey: 'topology.kubernetes.io/zone',
                    whenUnsatisfiable: 'ScheduleAnyway',
                    labelSelector: { matchLabels },
                  },
                ],
              }
            : {}),
          terminationGracePeriodSeconds: 30,
          containers: [
            {
              ...s.container,
              imagePullPolicy: 'IfNotPresent',
              securityContext: hardenedContainerSecurityContext(),
            },
          ],
          volumes: s.volumes,
        },
      },
    },
  };
}
