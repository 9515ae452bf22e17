import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Spinner,
  Switch,
} from '@fluentui/react-components';
import {
  type NotificationChannel,
  type NotificationChannelUpdate,
  NotificationChannelUpdateSchema,
  NotificationKindSchema,
} from '@gated/shared';
import { zodResolver } from '@hookform/resolvers/zod';
import { Controller, useForm } from 'react-hook-form';
import type { z } from 'zod';
import { useSaveNotificationChannel } from '@/api/notifications';
import { useModalActivation } from '@/components/use-modal-activation';
import { ApiError } from '@/lib/api-client';
import { KIND_LABELS, NEW_CHANNEL_EVENTS } from './channel-model';
import { useNotificationsStyles } from './notifications.styles';

type FormValues = z.input<typeof NotificationChannelUpdateSchema>;

/**
 * The shared update schema, plus what a new channel needs: a URL, and a secret for generic
 * webhooks. When editing, an empty URL or secret keeps the stored one (the API never returns them).
 */
const createSchema = NotificationChannelUpdateSchema.superRefine((v, ctx) => {
  if (!v.url) ctx.addIssue({ code: 'custom', path: ['url'], message: 'Enter the receiver URL' });
  if (v.kind === 'generic' && !v.secret)
    ctx.addIssue({
      code: 'custom',
      path: ['secret'],
      message: 'Enter a secret of at least 16 characters',
    });
});

export interface ChannelDialogProps {
  environmentId: string;
  /** The channel to edit; null adds one. @default null */
  channel: NotificationChannel | null;
  open: boolean;
  onClose: () => void;
}

const FIELDS = ['name', 'kind', 'url', 'secret', 'enabled'] as const;

/** Adds or edits a webhook: kind, receiver URL, write-only secret, events. */
export function ChannelDialog({ environmentId, channel, open, onClose }: ChannelDialogProps) {
  const styles = useNotificationsStyles();
  const surface = useModalActivation(open);
  const save = useSaveNotificationChannel(environmentId);
  const editing = channel !== null;
  const form = useForm<FormValues, unknown, NotificationChannelUpdate>({
    resolver: zodResolver(editing ? NotificationChannelUpdateSchema : createSchema),
    defaultValues: {
      name: channel?.name ?? '',
      kind: channel?.kind ?? 'generic',
      enabled: channel?.enabled ?? true,
      events: channel?.events ?? NEW_CHANNEL_EVENTS,
    },
  });
  const kind = form.watch('kind');

  const close = () => {
    save.reset();
    onClose();
  };

  const submit = form.handleSubmit(async (values) => {
    try {
      if (channel) await save.mutateAsync({ id: channel.id, input: values });
      else await save.mutateAsync({ id: null, input: { ...values, url: values.url ?? '' } });
      close();
    } catch (error) {
      for (const fe of error instanceof ApiError ? error.errors : []) {
        const field = FIELDS.find((f) => f === fe.path);
        if (field) form.setError(field, { message: fe.message });
      }
    }
  });

  const optionalText = (value: string | undefined) => value ?? '';
  const emptyToUndefined = (value: string) => (value === '' ? undefined : value);
  const numberOrNull = (value: string) => (value === '' ? null : Number(value));

  return (
    <Dialog open={open} modalType="modal" onOpenChange={(_e, d) => !d.open && close()}>
      <DialogSurface ref={surface}>
        <form onSubmit={(e) => void submit(e)} noValidate>
          <DialogBody>
            <DialogTitle>{editing ? `Edit ${channel.name}` : 'Add webhook'}</DialogTitle>
            <DialogContent className={styles.form}>
              {save.error && !(save.error instanceof ApiError && save.error.errors.length > 0) && (
                <MessageBar intent="error">
                  <MessageBarBody>{save.error.message}</MessageBarBody>
                </MessageBar>
              )}
              <Controller
                control={form.control}
                name="name"
                render={({ field, fieldState }) => (
                  <Field label="Name" required validationMessage={fieldState.error?.message}>
                    <Input {...field} />
                  </Field>
                )}
              />
              <Controller
                control={form.control}
                name="kind"
                render={({ field }) => (
                  <Field label="Payload">
                    <RadioGroup
                      value={field.value}
                      onChange={(_e, d) => field.onChange(NotificationKindSchema.parse(d.value))}
                    >
                      {NotificationKindSchema.options.map((k) => (
                        <Radio key={k} value={k} label={KIND_LABELS[k]} />
                      ))}
                    </RadioGroup>
                  </Field>
                )}
              />
              <Controller
                control={form.control}
                name="url"
                render={({ field, fieldState }) => (
                  <Field
                    label="Receiver URL"
                    required={!editing}
                    validationMessage={fieldState.error?.message}
                    hint={
                      editing
                        ? `Now ${channel.urlPreview}; leave empty to keep it`
                        : 'HTTPS; the Slack or Teams webhook URL, or your own endpoint'
                    }
                  >
                    <Input
                      type="url"
                      value={optionalText(field.value)}
                      onBlur={field.onBlur}
                      onChange={(_e, d) => field.onChange(emptyToUndefined(d.value))}
                    />
                  </Field>
                )}
              />
              {kind === 'generic' && (
                <Controller
                  control={form.control}
                  name="secret"
                  render={({ field, fieldState }) => (
                    <Field
                      label="Signing secret"
                      required={!editing || !channel.hasSecret}
                      validationMessage={fieldState.error?.message}
                      hint={
                        editing && channel.hasSecret
                          ? 'Stored and never shown; leave empty to keep it'
                          : 'Signs X-Gated-Signature (HMAC-SHA256); it is never shown again'
                      }
                    >
                      <Input
                        type="password"
                        autoComplete="new-password"
                        value={optionalText(field.value)}
                        onBlur={field.onBlur}
                        onChange={(_e, d) => field.onChange(emptyToUndefined(d.value))}
                      />
                    </Field>
                  )}
                />
              )}
              <fieldset className={styles.events}>
                <legend>Notify about</legend>
                <Controller
                  control={form.control}
                  name="events.deny"
                  render={({ field }) => (
                    <Checkbox
                      label="Denied deployments (one message per workload, with the count)"
                      checked={field.value ?? false}
                      onChange={(_e, d) => field.onChange(d.checked === true)}
                    />
                  )}
                />
                <Controller
                  control={form.control}
                  name="events.ruleChanged"
                  render={({ field }) => (
                    <Checkbox
                      label="Rule changes"
                      checked={field.value ?? false}
                      onChange={(_e, d) => field.onChange(d.checked === true)}
                    />
                  )}
                />
                <Controller
                  control={form.control}
                  name="events.exemptionExpiringDays"
                  render={({ field, fieldState }) => (
                    <Field
                      label="Exemptions expiring within (days)"
                      hint="Empty: do not tell"
                      validationMessage={fieldState.error?.message}
                    >
                      <Input
                        type="number"
                        value={
                          field.value === null || field.value === undefined
                            ? ''
                            : String(field.value)
                        }
                        onChange={(_e, d) => field.onChange(numberOrNull(d.value))}
                      />
                    </Field>
                  )}
                />
                <Controller
                  control={form.control}
                  name="events.gateSilentMinutes"
                  render={({ field, fieldState }) => (
                    <Field
                      label="Gate not seen for (minutes)"
                      hint="Empty: do not tell"
                      validationMessage={fieldState.error?.message}
                    >
                      <Input
                        type="number"
                        value={
                          field.value === null || field.value === undefined
                            ? ''
                            : String(field.value)
                        }
                        onChange={(_e, d) => field.onChange(numberOrNull(d.value))}
                      />
                    </Field>
                  )}
                />
              </fieldset>
              <Controller
                control={form.control}
                name="enabled"
                render={({ field }) => (
                  <Switch
                    label="Enabled"
                    checked={field.value}
                    onChange={(_e, d) => field.onChange(d.checked)}
                  />
                )}
              />
            </DialogContent>
            <DialogActions>
              <Button onClick={close}>Cancel</Button>
              <Button
                type="submit"
                appearance="primary"
                disabled={save.isPending}
                icon={save.isPending ? <Spinner size="tiny" /> : undefined}
              >
                {editing ? 'Save' : 'Add'}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
