// The commands shown once, with the gate token, when a cluster is registered. They follow the
// gate's CLI (`gated-gate manifests`, gate/src/cli.ts): the token lives in the Secret
// `gated-gate-token` (key `token`) in the gate's namespace (kube-system by default). Pure: no React.

/** Shell commands that store the token and install the gate pointed at this control plane. */
export function installCommand(
  controlPlaneUrl: string,
  gateToken: string,
  namespace = 'kube-system',
): string {
  return [
    `kubectl -n ${namespace} create secret generic gated-gate-token --from-literal=token=${gateToken}`,
    `gated-gate manifests --namespace ${namespace} --control-plane-url ${controlPlaneUrl} | kubectl apply -f -`,
  ].join('\n');
}
