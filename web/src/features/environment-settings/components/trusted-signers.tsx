import { Button, Caption1, Field, Input, Text, Textarea } from '@fluentui/react-components';
import { DeleteRegular } from '@fluentui/react-icons';
import { fieldErrorsFromZod, TrustedKeySchema } from '@gated/shared';
import { useState } from 'react';
import {
  useAddTrustedSigner,
  useRemoveTrustedSigner,
  useTrustedSigners,
} from '@/api/trusted-signers';
import { WriteButton } from '@/components/write-button';
import { useWriteAccess } from '@/lib/auth';
import { useTrustedSignersStyles } from './trusted-signers.styles';

/** The public keys whose signed reports rules requiring signed findings trust; admins add and remove them. */
export function TrustedSigners({ environmentId }: { environmentId: string }) {
  const styles = useTrustedSignersStyles();
  const { canWrite } = useWriteAccess();
  const signers = useTrustedSigners(environmentId);
  const add = useAddTrustedSigner(environmentId);
  const remove = useRemoveTrustedSigner(environmentId);
  const [name, setName] = useState('');
  const [publicKey, setPublicKey] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = () => {
    const parsed = TrustedKeySchema.safeParse({ name, publicKey });
    if (!parsed.success) {
      setErrors(
        Object.fromEntries(fieldErrorsFromZod(parsed.error).map((f) => [f.path, f.message])),
      );
      return;
    }
    setErrors({});
    add.mutate(parsed.data, {
      onSuccess: () => {
        setName('');
        setPublicKey('');
      },
      onError: (e) => setErrors({ publicKey: e.message }),
    });
  };

  const items = signers.data ?? [];
  return (
    <div className={styles.root}>
      <Caption1>
        Registry reports signed with one of these keys (cosign attestations or cosign-signed
        reports) satisfy rules that require signed findings. Uploads through the API are vouched for
        by their uploader.
      </Caption1>
      {signers.isPending ? (
        <Text>Loading signers…</Text>
      ) : items.length === 0 ? (
        <Caption1>No trusted signers: only API uploads count as signed findings.</Caption1>
      ) : (
        <ul className={styles.list} aria-label="Trusted signers">
          {items.map((s) => (
            <li key={s.id} className={styles.item}>
              <Text weight="semibold">{s.name}</Text>
              <Text>{s.algorithm}</Text>
              <Text className={styles.fingerprint} title={s.fingerprint}>
                {s.fingerprint.slice(0, 16)}…
              </Text>
              {canWrite && (
                <Button
                  appearance="subtle"
                  icon={<DeleteRegular />}
                  aria-label={`Remove signer ${s.name}`}
                  disabled={remove.isPending}
                  onClick={() => remove.mutate(s.id)}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {canWrite && (
        <div className={styles.form}>
          <Field label="Signer name" validationMessage={errors.name}>
            <Input value={name} onChange={(_e, d) => setName(d.value)} placeholder="ci-release" />
          </Field>
          <Field
            label="Public key (PEM, as in cosign.pub)"
            validationMessage={errors.publicKey}
            hint="ECDSA P-256, Ed25519 or RSA"
          >
            <Textarea
              className={styles.key}
              value={publicKey}
              onChange={(_e, d) => setPublicKey(d.value)}
              placeholder="-----BEGIN PUBLIC KEY-----"
            />
          </Field>
          <div>
            <WriteButton appearance="primary" disabled={add.isPending} onClick={submit}>
              {add.isPending ? 'Adding…' : 'Add signer'}
            </WriteButton>
          </div>
        </div>
      )}
    </div>
  );
}
