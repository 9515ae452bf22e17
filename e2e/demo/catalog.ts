/**
 * The demo's workloads: what a small shop's clusters run, across a few namespaces. Images on
 * `shopacr.azurecr.io` are the ones the BFF's demo seed has findings for (some Critical, some
 * High, some clean); `docker.io`/`mcr.microsoft.com` are ungated by default; `ghcr.io/acme` is
 * never scanned. Together they give a realistic mix of Allow, Audit, Deny and NotGated.
 */
import type { WorkloadSpec } from '../fixtures/kube.js';

export const DEMO_WORKLOADS: WorkloadSpec[] = [
  { kind: 'Deployment', name: 'storefront', namespace: 'prod-shop', images: ['shopacr.azurecr.io/shop/web:1.4.2'] },
  { kind: 'Deployment', name: 'checkout', namespace: 'prod-shop', images: ['shopacr.azurecr.io/shop/checkout:2.0.1', 'docker.io/library/nginx:1.27'] },
  { kind: 'StatefulSet', name: 'orders-db', namespace: 'prod-shop', images: ['shopacr.azurecr.io/data/postgres:16.4', 'shopacr.azurecr.io/data/pgbouncer:1.23'] },
  { kind: 'Deployment', name: 'payments-api', namespace: 'prod-payments', images: ['shopacr.azurecr.io/payments/api:3.2.0'] },
  { kind: 'CronJob', name: 'settlement', namespace: 'prod-payments', image: 'shopacr.azurecr.io/payments/settlement:3.2.0' },
  { kind: 'Deployment', name: 'storefront', namespace: 'staging', images: ['shopacr.azurecr.io/shop/web:1.5.0-rc1'] },
  { kind: 'Job', name: 'db-migrate', namespace: 'staging', image: 'shopacr.azurecr.io/shop/migrations:1.5.0' },
  { kind: 'Pod', name: 'debug-shell', namespace: 'dev', image: 'ghcr.io/acme/toolbox:latest', initImage: 'docker.io/library/busybox:1.36' },
  { kind: 'Deployment', name: 'recommendations', namespace: 'dev', images: ['ghcr.io/acme/recommender:0.9.0'] },
  { kind: 'Deployment', name: 'metrics-agent', namespace: 'monitoring', images: ['mcr.microsoft.com/oss/prometheus/node-exporter:1.8.2'] },
];

/** Newer tags the traffic "rolls out" on UPDATEs, so some admissions carry changed images. */
export const ROLLOUT_TAGS: Record<string, string> = {
  'shopacr.azurecr.io/shop/web:1.4.2': 'shopacr.azurecr.io/shop/web:1.4.3',
  'shopacr.azurecr.io/payments/api:3.2.0': 'shopacr.azurecr.io/payments/api:3.2.1',
  'ghcr.io/acme/recommender:0.9.0': 'ghcr.io/acme/recommender:0.9.1',
};

/** Who deploys: CI pipelines and a couple of humans. */
export const DEMO_USERS = [
  'system:serviceaccount:argocd:argocd-application-controller',
  'system:serviceaccount:flux-system:kustomize-controller',
  'alice@contoso.com',
  'bob@contoso.com',
];
