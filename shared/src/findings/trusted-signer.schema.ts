import { z } from 'zod';

/** A public key whose signatures make a registry report trustworthy (rules with `requireSignedFindings`). */
export const TrustedKeySchema = z.object({
  /** Shown in traces: which signer verified a report. */
  name: z.string().trim().min(1, 'Give the signer a name').max(100, 'At most 100 characters'),
  /** ECDSA P-256, Ed25519 or RSA public key: PEM (`cosign.pub`) or base64 DER (SPKI). */
  publicKey: z
    .string()
    .trim()
    .min(40, 'Paste a PEM public key (-----BEGIN PUBLIC KEY-----)')
    .max(16_384, 'At most 16 KiB'),
});
export type TrustedKey = z.infer<typeof TrustedKeySchema>;

/** `POST /environments/{id}/signers` body. */
export const TrustedSignerInputSchema = z.strictObject(TrustedKeySchema.shape);

/** A trusted signer of one environment. */
export const TrustedSignerSchema = z.object({
  ...TrustedKeySchema.shape,
  id: z.uuid(),
  environmentId: z.uuid(),
  /** `ecdsa-p256`, `ed25519`, `rsa-2048` …, as read from the key. */
  algorithm: z.string().max(40),
  /** SHA-256 of the DER public key, hex: how a signer is recognised in lists. */
  fingerprint: z.string().max(64),
  createdAt: z.iso.datetime(),
  createdBy: z.string().max(200),
});
export type TrustedSigner = z.infer<typeof TrustedSignerSchema>;

export const TrustedSignerListSchema = z.object({ items: z.array(TrustedSignerSchema) });
