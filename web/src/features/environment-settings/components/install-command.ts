// The commands shown once, with the gate token, when a cluster is registered. Pure: no React.

/** Shell commands that install the gate with its token and the control-plane URL. */
export function installCommand(controlPlaneUrl: string, gateToken: string): string {
  return [
    'kubectl create namespace gated-system',
    `kubectl -n gated-system create secret generic gated-gate \\`,
    `  --from-literal=GATE_CONTROL_PLANE_URL=${controlPlaneUrl} \\`,
    `  --from-literal=GATE_CLUSTER_TOKEN=${gateToken}`,
    `kubectl apply -n gated-system -f ${controlPlaneUrl}/api/v1/gate/manifests.yaml`,
  ].join('\n');
}
