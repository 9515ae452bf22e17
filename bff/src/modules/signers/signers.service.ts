/** Trusted signers per environment: admins add public keys; gates receive them with the policy. */
import { createHash, createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import {
  ConflictError,
  InputError,
  NotFoundError,
  type TrustedSigner,
  type TrustedKey,
} from '@gated/shared';
import type { AppDeps } from '../../lib/app-env.js';
import { recordAudit } from '../../store/audit.repo.js';
import { getEnvironmentRow } from '../../store/environments.repo.js';
import { deleteSigner, insertSigner, listSigners } from '../../store/signers.repo.js';
import { inTransaction } from '../../store/transaction.js';
import { isUuid } from '../../store/uuid.js';

/** Reads the key the way the gate will (PEM or base64 DER SPKI) and names its algorithm; refuses others. */
function readKey(publicKey: string): { key: KeyObject; algorithm: string } {
  const bad = (message: string) =>
    new InputError('Not a supported public key', [{ path: 'publicKey', message }]);
  let key: KeyObject;
  try {
    key = publicKey.startsWith('-----BEGIN')
      ? createPublicKey(publicKey)
      : createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
  } catch {
    throw bad('Paste a PEM public key (cosign.pub) or its base64 DER');
  }
  const type = key.asymmetricKeyType;
  if (type === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1')
    return { key, algorithm: 'ecdsa-p256' };
  if (type === 'ed25519') return { key, algorithm: 'ed25519' };
  if (type === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048)
    return { key, algorithm: `rsa-${key.asymmetricKeyDetails?.modulusLength ?? 0}` };
  throw bad('Use an ECDSA P-256, Ed25519 or RSA (2048 bits or more) public key');
}

async function environmentOrThrow(deps: AppDeps, id: string): Promise<void> {
  if (!isUuid(id) || !(await getEnvironmentRow(deps.db, id)))
    throw new NotFoundError('No such environment');
}

export async function addSigner(
  deps: AppDeps,
  actor: string,
  environmentId: string,
  input: TrustedKey,
): Promise<TrustedSigner> {
  await environmentOrThrow(deps, environmentId);
  const { key, algorithm } = readKey(input.publicKey);
  const der = key.export({ type: 'spki', format: 'der' });
  const row = {
    id: randomUUID(),
    environmentId,
    name: input.name,
    // Stored as PEM whatever was pasted, so the gate reads one form.
    publicKey: key.export({ type: 'spki', format: 'pem' }).toString().trim(),
    algorithm,
    fingerprint: createHash('sha256').update(der).digest('hex'),
    createdAt: new Date(),
    createdBy: actor,
  };
  return inTransaction(
    deps.db,
    async (tx) => {
      const stored = await insertSigner(tx, row);
      await recordAudit(tx, {
        actor,
        action: 'signer.add',
        resourceType: 'environment',
        resourceId: environmentId,
        after: { name: row.name, algorithm, fingerprint: row.fingerprint },
      });
      return stored;
    },
    { onUniqueViolation: () => new ConflictError('This key is already a trusted signer here') },
  );
}

export async function signersOf(
  deps: AppDeps,
  environmentId: string,
): Promise<{ items: TrustedSigner[] }> {
  await environmentOrThrow(deps, environmentId);
  return { items: await listSigners(deps.db, environmentId) };
}

export async function removeSigner(
  deps: AppDeps,
  actor: string,
  environmentId: string,
  id: string,
): Promise<void> {
  await environmentOrThrow(deps, environmentId);
  if (!isUuid(id)) throw new NotFoundError('No such signer');
  await inTransaction(deps.db, async (tx) => {
    if (!(await deleteSigner(tx, environmentId, id))) throw new NotFoundError('No such signer');
    await recordAudit(tx, {
      actor,
      action: 'signer.remove',
      resourceType: 'environment',
      resourceId: environmentId,
      before: { id },
    });
  });
}
