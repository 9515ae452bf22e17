import { createHash, randomBytes } from 'node:crypto';

/** A vulnerability as the scanner reports it (Trivy's field names and upper-case severities). */
export interface ScannedVulnerability {
  id: string;
  severity: 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW';
  pkg: string;
  installed: string;
  fixed?: string;
}

/** A fresh manifest digest (`sha256:` + 64 hex), as a registry would assign to a new push. */
export function newDigest(seed?: string): string {
  const bytes = seed === undefined ? randomBytes(32) : createHash('sha256').update(seed).digest();
  return `sha256:${bytes.toString('hex')}`;
}

/**
 * What `trivy image -f json <ref>` prints for an image pushed as `reference` (registry/repo:tag)
 * with manifest `digest`: the shape the BFF's `POST /findings` reads (RepoTags/RepoDigests map the
 * tag to the digest, Results[].Vulnerabilities carry the findings).
 */
export function trivyReport(
  reference: string,
  digest: string,
  vulns: ScannedVulnerability[],
): Record<string, unknown> {
  const repository = reference.replace(/:[^/:]+$/, '');
  return {
    SchemaVersion: 2,
    CreatedAt: new Date().toISOString(),
    ArtifactName: reference,
    ArtifactType: 'container_image',
    Metadata: {
      OS: { Family: 'debian', Name: '12.7' },
      ImageID: newDigest(`${reference}-config`),
      RepoTags: [reference],
      RepoDigests: [`${repository}@${digest}`],
      ImageConfig: { architecture: 'amd64', os: 'linux' },
    },
    Results: [
      {
        Target: `${reference} (debian 12.7)`,
        Class: 'os-pkgs',
        Type: 'debian',
        Vulnerabilities: vulns.map((v) => ({
          VulnerabilityID: v.id,
          PkgID: `${v.pkg}@${v.installed}`,
          PkgName: v.pkg,
          InstalledVersion: v.installed,
          ...(v.fixed ? { FixedVersion: v.fixed, Status: 'fixed' } : { Status: 'affected' }),
          SeveritySource: 'nvd',
          PrimaryURL: `https://avd.aquasec.com/nvd/${v.id.toLowerCase()}`,
          Title: `${v.pkg}: ${v.id}`,
          Severity: v.severity,
        })),
      },
    ],
  };
}

/** Findings the scenarios and the demo use: one Critical with a fix, one High, one Medium. */
export const CRITICAL_OPENSSL: ScannedVulnerability = {
  id: 'CVE-2024-5535',
  severity: 'CRITICAL',
  pkg: 'openssl',
  installed: '3.0.13-1',
  fixed: '3.0.14-1~deb12u1',
};
export const HIGH_EXPAT: ScannedVulnerability = {
  id: 'CVE-2024-45491',
  severity: 'HIGH',
  pkg: 'libexpat1',
  installed: '2.5.0-1',
  fixed: '2.5.0-1+deb12u1',
};
export const MEDIUM_CURL: ScannedVulnerability = {
  id: 'CVE-2024-7264',
  severity: 'MEDIUM',
  pkg: 'curl',
  installed: '7.88.1-10',
  fixed: '7.88.1-10+deb12u7',
};
