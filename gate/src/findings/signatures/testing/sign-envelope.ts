/** Test helper: a DSSE envelope signed the way cosign and in-toto sign, over the pre-authentication encoding. */
import { sign, type KeyObject } from 'node:crypto';
import { preAuthEncoding } from '../dsse-verify.js';

const TYPE = 'application/vnd.in-toto+json';

export function signEnvelope(statement: unknown, key: KeyObject, hash: string | null = 'sha256') {
  const payload = Buffer.from(JSON.stringify(statement));
  const sig = sign(hash, preAuthEncoding(TYPE, payload), key).toString('base64');
  return {
    payloadType: TYPE,
    payload: payload.toString('base64'),
    signatures: [{ keyid: '', sig }],
  };
}
