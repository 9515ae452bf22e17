/** Demo content: three cloud accounts, one cluster, a few scanned images, one Deny rule. */
import { createHash } from 'node:crypto';
import type { CreateEnvironmentInput, RuleInput } from '@gated/shared';

export const DEMO_ENVIRONMENTS: { id: string; input: CreateEnvironmentInput }[] = [
  {
    id: '0d3e6f1a-5b7c-4e2d-9a8b-1c2d3e4f5a01',
    input: {
      cloud: 'Azure',
      accountId: '6f1c2b3a-8d4e-4f5a-9b6c-7d8e9f0a1b2c',
      name: 'Contoso Production (demo)',
    },
  },
  {
    id: '0d3e6f1a-5b7c-4e2d-9a8b-1c2d3e4f5a02',
    input: { cloud: 'AWS', accountId: '123456789012', name: 'Shop AWS (demo)' },
  },
  {
    id: '0d3e6f1a-5b7c-4e2d-9a8b-1c2d3e4f5a03',
    input: { cloud: 'GCP', accountId: 'shop-analytics-demo', name: 'Analytics GCP (demo)' },
  },
];

export const DEMO_CLUSTER_NAME = 'demo-aks';
export const DEMO_REGISTRY = 'demo.azurecr.io';

const digestOf = (s: string) => `sha256:${createHash('sha256').update(s).digest('hex')}`;

interface DemoVuln {
  id: string;
  severity: 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW';
  pkg: string;
  installed: string;
  fixed?: string;
}

const IMAGES: { repo: string; tag: string; vulns: DemoVuln[] }[] = [
  {
    repo: 'shop/web',
    tag: '1.4.2',
    vulns: [
      {
        id: 'CVE-2024-3094',
        severity: 'CRITICAL',
        pkg: 'xz-utils',
        installed: '5.6.0-0.2',
        fixed: '5.6.1+really5.4.5-1',
      },
      {
        id: 'CVE-2023-44487',
        severity: 'HIGH',
        pkg: 'nghttp2',
        installed: '1.52.0-1',
        fixed: '1.52.0-1+deb12u1',
      },
      {
        id: 'CVE-2023-4911',
        severity: 'HIGH',
        pkg: 'libc6',
        installed: '2.36-9',
        fixed: '2.36-9+deb12u3',
      },
      {
        id: 'CVE-2023-5678',
        severity: 'MEDIUM',
        pkg: 'openssl',
        installed: '3.0.11-1',
        fixed: '3.0.13-1',
      },
    ],
  },
  {
    repo: 'shop/api',
    tag: '2.0.1',
    vulns: [
      {
        id: 'CVE-2023-44487',
        severity: 'HIGH',
        pkg: 'golang.org/x/net',
        installed: 'v0.14.0',
        fixed: '0.17.0',
      },
      {
        id: 'CVE-2023-39325',
        severity: 'HIGH',
        pkg: 'golang.org/x/net',
        installed: 'v0.14.0',
        fixed: '0.17.0',
      },
      {
        id: 'CVE-2023-3978',
        severity: 'MEDIUM',
        pkg: 'golang.org/x/net',
        installed: 'v0.14.0',
        fixed: '0.13.0',
      },
    ],
  },
  {
    repo: 'shop/worker',
    tag: '3.1.0',
    vulns: [
      {
        id: 'CVE-2023-5678',
        severity: 'MEDIUM',
        pkg: 'openssl',
        installed: '3.0.11-1',
        fixed: '3.0.13-1',
      },
    ],
  },
  { repo: 'shop/cart', tag: '0.9.7', vulns: [] },
  {
    repo: 'legacy/billing',
    tag: '5.2.0',
    vulns: [
      {
        id: 'CVE-2021-44228',
        severity: 'CRITICAL',
        pkg: 'org.apache.logging.log4j:log4j-core',
        installed: '2.14.1',
        fixed: '2.15.0',
      },
      {
        id: 'CVE-2022-22965',
        severity: 'CRITICAL',
        pkg: 'org.springframework:spring-beans',
        installed: '5.3.17',
        fixed: '5.3.18',
      },
      {
        id: 'CVE-2022-42889',
        severity: 'HIGH',
        pkg: 'org.apache.commons:commons-text',
        installed: '1.9',
        fixed: '1.10.0',
      },
    ],
  },
];

/** Trivy-shaped reports (`trivy image -f json`) for the demo images. */
export function demoTrivyReports(now: Date): unknown[] {
  return IMAGES.map(({ repo, tag, vulns }) => {
    const ref = `${DEMO_REGISTRY}/${repo}`;
    return {
      SchemaVersion: 2,
      CreatedAt: now.toISOString(),
      ArtifactName: `${ref}:${tag}`,
      ArtifactType: 'container_image',
      Metadata: {
        RepoTags: [`${ref}:${tag}`],
        RepoDigests: [`${ref}@${digestOf(`${repo}:${tag}`)}`],
      },
      Results: [
        {
          Target: `${ref}:${tag} (debian 12.4)`,
          Vulnerabilities: vulns.map((v) => ({
            VulnerabilityID: v.id,
            PkgName: v.pkg,
            InstalledVersion: v.installed,
            ...(v.fixed ? { FixedVersion: v.fixed } : {}),
            Severity: v.severity,
          })),
        },
      ],
    };
  });
}

export const DEMO_DENY_RULE: RuleInput = {
  name: 'Deny Critical findings in production namespaces',
  description: 'Demo: blocks images with any Critical finding from namespaces starting with prod.',
  action: 'Deny',
  enabled: true,
  scope: {
    name: 'Production namespaces',
    cloudScopes: [],
    resourceConditions: [{ kind: 'Namespace', match: 'StartsWith', value: 'prod' }],
  },
  conditions: { severityThresholds: [{ severity: 'Critical', maxAllowed: 0 }], cveIds: [] },
  blockUnscanned: false,
  exemptions: [],
};
