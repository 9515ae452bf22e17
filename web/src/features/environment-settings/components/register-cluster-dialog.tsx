import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Option,
  Spinner,
} from '@fluentui/react-components';
import { CopyRegular } from '@fluentui/react-icons';
import {
  ClusterProviderSchema,
  type RegisterClusterInput,
  RegisterClusterInputSchema,
  type RegisteredCluster,
} from '@gated/shared';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import type { z } from 'zod';
import { Controller, useForm } from 'react-hook-form';
import { useModalActivation } from '@/components/use-modal-activation';
import { useToast } from '@/components/use-toast';
import { ApiError } from '@/lib/api-client';
import { useRegisterCluster } from '@/api/clusters';
import { installCommand } from './install-command';
import { useRegisterClusterDialogStyles } from './register-cluster-dialog.styles';

export interface RegisterClusterDialogProps {
  environmentId: string;
  open: boolean;
  onClose: () => void;
}

/** Registers a cluster, then shows its gate token once, with copy buttons and the install command. */
export function RegisterClusterDialog({
  environmentId,
  open,
  onClose,
}: RegisterClusterDialogProps) {
  const styles = useRegisterClusterDialogStyles();
  const surface = useModalActivation(open);
  const toast = useToast();
  const register = useRegisterCluster();
  const [registered, setRegistered] = useState<RegisteredCluster | null>(null);
  const form = useForm<z.input<typeof RegisterClusterInputSchema>, unknown, RegisterClusterInput>({
    resolver: zodResolver(RegisterClusterInputSchema),
    defaultValues: { environmentId, name: '', provider: 'AKS' },
  });

  const close = () => {
    // The token is gone for good once the dialog closes.
    setRegistered(null);
    form.reset({ environmentId, name: '', provider: 'AKS' });
    register.reset();
    onClose();
  };

  const submit = form.handleSubmit(async (input) => {
    try {
      setRegistered(await register.mutateAsync(input));
    } catch (error) {
      const fieldErrors = error instanceof ApiError ? error.errors : [];
      for (const fe of fieldErrors) {
        if (fe.path === 'name' || fe.path === 'provider')
          form.setError(fe.path, { message: fe.message });
      }
    }
  });

  const copy = (text: string, what: string) =>
    navigator.clipboard.writeText(text).then(
      () => toast.success(`${what} copied`),
      () =>
        toast.error(
          `Could not copy the ${what.toLowerCase()}`,
          'Select the text and copy it by hand.',
        ),
    );

  const command = registered ? installCommand(window.location.origin, registered.gateToken) : '';

  return (
    // One modalType for the dialog's whole life: changing it while open makes Fluent re-run its
    // open-time focus and Tabster re-register the focus trap, which could leave the surface
    // aria-hidden. Once the token is shown, a stray click on the backdrop must not lose it, so
    // only Escape and the buttons close the dialog then.
    <Dialog
      open={open}
      modalType="modal"
      onOpenChange={(_e, data) => {
        if (data.open || (registered && data.type === 'backdropClick')) return;
        close();
      }}
    >
      <DialogSurface ref={surface}>
        {registered ? (
          <DialogBody>
            <DialogTitle>Cluster {registered.cluster.name} registered</DialogTitle>
            <DialogContent className={styles.form}>
              <MessageBar intent="warning">
                <MessageBarBody>
                  Copy the gate token now. It is shown only once and cannot be retrieved later.
                </MessageBarBody>
              </MessageBar>
              <div className={styles.secretRow}>
                <Field label="Gate token" className={styles.secret}>
                  <Input readOnly value={registered.gateToken} className={styles.secret} />
                </Field>
                <Button
                  icon={<CopyRegular />}
                  onClick={() => void copy(registered.gateToken, 'Gate token')}
                >
                  Copy token
                </Button>
              </div>
              <Field label="Install the gate in the cluster">
                <pre
                  className={styles.command}
                  tabIndex={0}
                  role="region"
                  aria-label="Install command"
                >
                  {command}
                </pre>
              </Field>
              <Button icon={<CopyRegular />} onClick={() => void copy(command, 'Install command')}>
                Copy install command
              </Button>
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" onClick={close}>
                Done
              </Button>
            </DialogActions>
          </DialogBody>
        ) : (
          <form onSubmit={(e) => void submit(e)} noValidate>
            <DialogBody>
              <DialogTitle>Register cluster</DialogTitle>
              <DialogContent className={styles.form}>
                {register.error &&
                  !(register.error instanceof ApiError && register.error.errors.length > 0) && (
                    <MessageBar intent="error">
                      <MessageBarBody>{register.error.message}</MessageBarBody>
                    </MessageBar>
                  )}
                <Controller
                  control={form.control}
                  name="name"
                  render={({ field, fieldState }) => (
                    <Field
                      label="Cluster name"
                      required
                      validationMessage={fieldState.error?.message}
                      hint="As in kubectl config, e.g. aks-prod-weu"
                    >
                      <Input {...field} />
                    </Field>
                  )}
                />
                <Controller
                  control={form.control}
                  name="provider"
                  render={({ field }) => (
                    <Field label="Provider">
                      <Dropdown
                        value={field.value ?? 'other'}
                        selectedOptions={[field.value ?? 'other']}
                        onOptionSelect={(_e, data) => field.onChange(data.optionValue)}
                      >
                        {ClusterProviderSchema.options.map((p) => (
                          <Option key={p} value={p}>
                            {p}
                          </Option>
                        ))}
                      </Dropdown>
                    </Field>
                  )}
                />
              </DialogContent>
              <DialogActions>
                <Button onClick={close}>Cancel</Button>
                <Button
                  type="submit"
                  appearance="primary"
                  disabled={register.isPending}
                  icon={register.isPending ? <Spinner size="tiny" /> : undefined}
                >
                  Register
                </Button>
              </DialogActions>
            </DialogBody>
          </form>
        )}
      </DialogSurface>
    </Dialog>
  );
}
