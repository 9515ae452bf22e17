/** OCI and Docker media types the client speaks, and the report artifact types it reads. */
export const MEDIA = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociEmpty: 'application/vnd.oci.empty.v1+json',
} as const;

/** Accept header for manifest requests: every manifest kind, so the registry never converts. */
export const MANIFEST_ACCEPT = [
  MEDIA.ociIndex,
  MEDIA.ociManifest,
  MEDIA.dockerList,
  MEDIA.dockerManifest,
].join(', ');

export const isIndexMediaType = (t: string | undefined): boolean =>
  t === MEDIA.ociIndex || t === MEDIA.dockerList;

/**
 * Artifact types of report referrers we read (Trivy/Grype SARIF and JSON, in-toto/DSSE, VEX).
 * Others (signatures, SBOMs) are skipped without fetching them.
 */
export const REPORT_ARTIFACT_TYPES: readonly string[] = [
  'application/sarif+json',
  'application/vnd.aquasecurity.trivy.report.sarif.v1',
  'application/vnd.aquasecurity.trivy.report.json.v1',
  'application/vnd.anchore.grype.report.json.v1',
  'application/vnd.in-toto+json',
  'application/vnd.dsse.envelope.v1+json',
  // cosign 3 attestations: a Sigstore bundle around the DSSE envelope.
  'application/vnd.dev.sigstore.bundle.v0.3+json',
  'application/vnd.cyclonedx+json',
  'application/vnd.cyclonedx.vex+json',
  'application/openvex+json',
  'application/vnd.openvex+json',
];

/** Annotation holding a referrer's creation time (newest report wins). */
export const CREATED_ANNOTATION = 'org.opencontainers.image.created';
