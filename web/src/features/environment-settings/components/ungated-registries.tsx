import { Button, Caption1, Field, Input, Tag, TagGroup } from '@fluentui/react-components';
import { AddRegular } from '@fluentui/react-icons';
import { RegistryHostSchema, UngatedRegistriesSchema } from '@gated/shared';
import { useState } from 'react';
import { UnsavedChangesPrompt } from '@/components/unsaved-changes-prompt';
import { WriteButton } from '@/components/write-button';
import { useWriteAccess } from '@/lib/auth';
import { useUngatedRegistriesStyles } from './ungated-registries.styles';

export interface UngatedRegistriesProps {
  registries: string[];
  saving: boolean;
  onSave: (registries: string[]) => void;
}

/** Edits the list of registries admitted without evaluation; validated by the shared schema. */
export function UngatedRegistries({ registries, saving, onSave }: UngatedRegistriesProps) {
  const styles = useUngatedRegistriesStyles();
  const { canWrite } = useWriteAccess();
  const [draft, setDraft] = useState<string[] | null>(null);
  const [input, setInput] = useState('');
  const [error, setError] = useState<string | undefined>();
  const list = draft ?? registries;
  const dirty = draft !== null && draft.join() !== registries.join();

  const add = () => {
    const parsed = RegistryHostSchema.safeParse(input);
    if (!parsed.success) return setError(parsed.error.issues[0]?.message);
    const next = UngatedRegistriesSchema.safeParse([...list, parsed.data]);
    if (!next.success) return setError(next.error.issues[0]?.message);
    setDraft(next.data);
    setInput('');
    setError(undefined);
  };

  return (
    <div className={styles.root}>
      <Caption1>
        Images from these registries are admitted without evaluation and recorded as not gated.
      </Caption1>
      <TagGroup
        aria-label="Ungated registries"
        onDismiss={
          canWrite ? (_e, data) => setDraft(list.filter((r) => r !== data.value)) : undefined
        }
      >
        {list.map((registry) => (
          <Tag
            key={registry}
            value={registry}
            dismissible={canWrite}
            dismissIcon={canWrite ? { 'aria-label': `Remove ${registry}` } : undefined}
          >
            {registry}
          </Tag>
        ))}
      </TagGroup>
      {list.length === 0 && <Caption1>No ungated registries: every image is evaluated.</Caption1>}
      {canWrite && (
        <div className={styles.addRow}>
          <Field label="Add a registry" validationMessage={error} className={styles.input}>
            <Input
              value={input}
              placeholder="myregistry.azurecr.io"
              onChange={(_e, data) => setInput(data.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') add();
              }}
            />
          </Field>
          <Button
            icon={<AddRegular />}
            onClick={add}
            disabled={!input.trim()}
            aria-label="Add registry"
          >
            Add
          </Button>
        </div>
      )}
      <div className={styles.actions}>
        <WriteButton
          appearance="primary"
          disabled={!dirty || saving}
          onClick={() => {
            onSave(list);
            setDraft(null);
          }}
        >
          {saving ? 'Saving…' : 'Save registries'}
        </WriteButton>
        {dirty && (
          <Button onClick={() => setDraft(null)} disabled={saving}>
            Discard changes
          </Button>
        )}
      </div>
      <UnsavedChangesPrompt when={dirty && !saving} what="your changes to the ungated registries" />
    </div>
  );
}
