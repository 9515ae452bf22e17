/**
 * For installs without cert-manager: a private CA and a serving certificate it signs, made when
 * the manifests are generated. The CA goes into the webhook's caBundle; only the leaf and its key
 * are stored in the cluster (a Secret). Regenerate the manifests to rotate.
 */
import { generate } from 'selfsigned';

export interface ServingCertificate {
  caCert: string;
  cert: string;
  key: string;
}

export async function generateServingCertificate(
  dnsNames: readonly string[],
  days = 825,
): Promise<ServingCertificate> {
  const notAfterDate = new Date(Date.now() + days * 24 * 3600 * 1000);
  const ca = await generate([{ name: 'commonName', value: 'gated-gate-ca' }], {
    keyType: 'ec',
    curve: 'P-256',
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const leaf = await generate([{ name: 'commonName', value: dnsNames[0] ?? 'gated-gate' }], {
    keyType: 'ec',
    curve: 'P-256',
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: dnsNames.map((value) => ({ type: 2 as const, value })) },
    ],
  });
  return { caCert: ca.cert, cert: leaf.cert, key: leaf.private };
}
