// Import rules from a policy-as-code document (docs/decisions/132): pick a file or paste it, see
// per rule what the import would create, change or refuse, and commit only a document with no
// refused rule. The server decides both answers; the dialog only shows them.
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  MessageBar,
  MessageBarBody,
  Spinner,
  Textarea,
} from '@fluentui/react-components';
import { DocumentArrowUpRegular } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { exemptionsQueryKey } from '@/api/exemptions';
import { importRulesDocument, previewRulesImport } from '@/api/rules-import';
import { useModalActivation } from '@/components/use-modal-activation';
import { notify } from '@/lib/notify';
import { rulesQueryOptions } from '@/api/rules';
import { ImportPreviewTable } from './import-preview-table';
import { useRulesImportDialogStyles } from './rules-import-dialog.styles';

export interface RulesImportDialogProps {
  open: boolean;
  onClose: () => void;
}

export function RulesImportDialog({ open, onClose }: RulesImportDialogProps) {
  const styles = useRulesImportDialogStyles();
  const surface = useModalActivation(open);
  const client = useQueryClient();
  const fileInput = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const preview = useMutation({ mutationFn: previewRulesImport, meta: { silent: true } });
  const commit = useMutation({
    mutationFn: importRulesDocument,
    meta: { silent: true },
    onSuccess: async (result) => {
      await Promise.all([
        client.invalidateQueries({ queryKey: rulesQueryOptions().queryKey }),
        client.invalidateQueries({ queryKey: exemptionsQueryKey }),
      ]);
      close();
      notify({
        intent: 'success',
        title: `Rules imported: ${result.created} created, ${result.updated} changed`,
      });
    },
  });

  const reset = () => {
    setText('');
    setFileName(null);
    preview.reset();
    commit.reset();
  };
  const close = () => {
    reset();
    onClose();
  };
  // A preview answers for the text it was made of; editing the text asks for a new one.
  const current = preview.data && preview.variables === text ? preview.data : undefined;
  const canCommit = current?.valid === true && current.rules.length > 0 && !commit.isPending;
  const busy = preview.isPending || commit.isPending;

  return (
    <Dialog open={open} onOpenChange={(_e, data) => !data.open && !busy && close()}>
      <DialogSurface ref={surface} className={styles.surface}>
        <DialogBody>
          <DialogTitle>Import rules</DialogTitle>
          <DialogContent className={styles.content}>
            <div className={styles.fileRow}>
              <input
                ref={fileInput}
                type="file"
                accept=".yaml,.yml,.json,application/yaml,application/json"
                aria-label="Rules file"
                className={styles.fileInput}
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  e.target.value = '';
                  if (!file) return;
                  setFileName(file.name);
                  void file.text().then((content) => {
                    setText(content);
                    preview.mutate(content);
                  });
                }}
              />
              <Button icon={<DocumentArrowUpRegular />} onClick={() => fileInput.current?.click()}>
                Choose a file
              </Button>
              <span>{fileName ?? 'or paste the document below'}</span>
            </div>
            <Field
              label="Rules document (YAML or JSON, as Export YAML writes it)"
              hint="Rules whose name matches an existing rule change it; the others are created. One refused rule refuses the whole import."
            >
              <Textarea
                className={styles.document}
                resize="vertical"
                value={text}
                onChange={(_e, data) => setText(data.value)}
              />
            </Field>
            {preview.isError && (
              <MessageBar intent="error">
                <MessageBarBody>{preview.error.message}</MessageBarBody>
              </MessageBar>
            )}
            {current && (
              <MessageBar intent={current.valid ? 'success' : 'error'}>
                <MessageBarBody>
                  {current.detail}
                  {current.documentErrors.map((e) => (
                    <div key={`${e.path}:${e.message}`}>
                      {e.path ? `${e.path}: ` : ''}
                      {e.message}
                    </div>
                  ))}
                </MessageBarBody>
              </MessageBar>
            )}
            {current && current.rules.length > 0 && <ImportPreviewTable preview={current} />}
            {commit.isError && (
              <MessageBar intent="error">
                <MessageBarBody>
                  Nothing was imported: {commit.error.message} Preview again to see why.
                </MessageBarBody>
              </MessageBar>
            )}
          </DialogContent>
          <DialogActions>
            <Button onClick={close} disabled={busy}>
              Cancel
            </Button>
            <Button
              disabled={text.trim() === '' || busy}
              icon={preview.isPending ? <Spinner size="tiny" /> : undefined}
              onClick={() => preview.mutate(text)}
            >
              Preview
            </Button>
            <Button
              appearance="primary"
              disabled={!canCommit}
              icon={commit.isPending ? <Spinner size="tiny" /> : undefined}
              onClick={() => commit.mutate(text)}
            >
              {current?.valid
                ? `Import ${current.rules.length} rule${current.rules.length === 1 ? '' : 's'}`
                : 'Import'}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
