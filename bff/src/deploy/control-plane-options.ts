/** What `gated-bff manifests` can be told about the control plane install, with defaults. */
import { z } from 'zod';

const dnsLabel = z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/);
const hostName = z
  .string()
  .max(253)
  .regex(
    /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'a DNS host name (portal.example.com)',
  );

export const ControlPlaneOptionsSchema = z.object({
  namespace: dnsLabel.default('gated'),
  name: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9-]{0,50}[a-z0-9])?$/)
    .default('gated-control-plane'),
  replicas: z.coerce
    .number()
    .int()
    .min(2, 'At least 2 replicas: the portal and the gates’ policy feed must survive a node drain')
    .max(20)
    .default(2),
  image: z.string().min(1).default('ghcr.io/gated/control-plane:0.1.0'),
  /**
   * Secret (created with kubectl, never in git) with keys `database-url` (required: several
   * replicas share one PostgreSQL), `admin-password` and `reader-password` (first start only).
   */
  secretName: dnsLabel.default('gated-control-plane'),
  /** Public host of the portal: adds an Ingress with TLS and sets the portal URL and Secure cookies. */
  ingressHost: hostName.optional(),
  /** TLS Secret of the Ingress (cert-manager or your own); defaults to `<name>-tls`. */
  ingressTlsSecret: dnsLabel.optional(),
  ingressClassName: dnsLabel.optional(),
});
export type ControlPlaneOptions = z.infer<typeof ControlPlaneOptionsSchema>;
export type ControlPlaneOptionsInput = z.input<typeof ControlPlaneOptionsSchema>;

/** The in-cluster URL gates use to reach the control plane. */
export function controlPlaneServiceUrl(o: ControlPlaneOptions): string {
  return `http://${o.name}.${o.namespace}.svc:8080`;
}
