/**
 * The demo's workloads: what a small shop's clusters run, across a few namespaces. Images on
 * `demo.azurecr.io` are the ones the BFF's demo seed has Trivy reports for (bff/src/modules/demo):
 * shop/web and legacy/billing carry Critical findings, shop/api High, shop/worker Medium, shop/cart
 * none. `docker.io` and `mcr.microsoft.com` are ungated by default; `ghcr.io/acme` is never
 * scanned. With the seeded rules (Deny Critical in prod*, the default Audit High+) that gives a
 * realistic mix of Allow, Audit, Deny and NotGated.
 */
import type { WorkloadSpec } from '../fixtures/kube.js';

const REGISTRY = 'demo.azurecr.io';

export const DEMO_WORKLOADS: WorkloadSpec[] = [
  {
    kind: 'Deployment',
    name: 'storefront',
    namespace: 'prod-shop',
    images: [`${REGISTRY}/shop/web:1.4.2`],
  },
  {
    kind: 'Deployment',
    name: 'checkout',
    namespace: 'prod-shop',
    images: [`${REGISTRY}/shop/api:2.0.1`, 'docker.io/library/nginx:1.27'],
  },
  {
    kind: 'StatefulSet',
    name: 'cart-db',
    namespace: 'prod-shop',
    images: [`${REGISTRY}/shop/cart:0.9.7`, 'docker.io/library/redis:7.4'],
  },
  {
    kind: 'CronJob',
    name: 'billing-nightly',
    namespace: 'prod-payments',
    image: `${REGISTRY}/legacy/billing:5.2.0`,
  },
  {
    kind: 'Deployment',
    name: 'payments-api',
    namespace: 'prod-payments',
    images: [`${REGISTRY}/shop/api:2.0.1`],
  },
  {
    kind: 'Deployment',
    name: 'storefront',
    namespace: 'staging',
    images: [`${REGISTRY}/shop/web:1.4.2`],
  },
  { kind: 'Job', name: 'db-migrate', namespace: 'staging', image: `${REGISTRY}/shop/worker:3.1.0` },
  {
    kind: 'Deployment',
    name: 'billing-sandbox',
    namespace: 'dev',
    images: [`${REGISTRY}/legacy/billing:5.2.0`],
  },
  {
    kind: 'Pod',
    name: 'debug-shell',
    namespace: 'dev',
    image: 'ghcr.io/acme/toolbox:latest',
    initImage: 'docker.io/library/busybox:1.36',
  },
  {
    kind: 'Deployment',
    name: 'recommendations',
    namespace: 'dev',
    images: ['ghcr.io/acme/recommender:0.9.0'],
  },
  {
    kind: 'Deployment',
    name: 'node-exporter',
    namespace: 'monitoring',
    images: ['mcr.microsoft.com/oss/prometheus/node-exporter:1.8.2'],
  },
];

/** Newer tags the traffic "rolls out" on UPDATEs, so some admissions carry changed images. */
export const ROLLOUT_TAGS: Record<string, string> = {
  [`${REGISTRY}/shop/web:1.4.2`]: `${REGISTRY}/shop/web:1.4.3`,
  [`${REGISTRY}/shop/api:2.0.1`]: `${REGISTRY}/shop/api:2.0.2`,
  'ghcr.io/acme/recommender:0.9.0': 'ghcr.io/acme/recommender:0.9.1',
};

/** Who deploys: CI pipelines and a couple of humans. */
export const DEMO_USERS = [
  'system:serviceaccount:argocd:argocd-application-controller',
  'system:serviceaccount:flux-system:kustomize-controller',
  'alice@contoso.com',
  'bob@contoso.com',
];
