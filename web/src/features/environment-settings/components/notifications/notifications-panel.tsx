import {
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import type { NotificationChannel } from '@gated/shared';
import { useState, type ReactNode } from 'react';
import {
  useDeleteNotificationChannel,
  useNotificationChannels,
  useSendTestNotification,
} from '@/api/notifications';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { WriteButton } from '@/components/write-button';
import { useIsAdmin } from '@/lib/auth';
import { ChannelDialog } from './channel-dialog';
import { eventsSummary, KIND_LABELS } from './channel-model';
import { DeliveryLog } from './delivery-log';
import { useNotificationsStyles } from './notifications.styles';

const COLUMNS: { id: string; label: string; cell: (c: NotificationChannel) => ReactNode }[] = [
  { id: 'name', label: 'Name', cell: (c) => c.name },
  { id: 'kind', label: 'Payload', cell: (c) => KIND_LABELS[c.kind] },
  { id: 'url', label: 'Receiver', cell: (c) => c.urlPreview },
  { id: 'events', label: 'Notifies about', cell: (c) => eventsSummary(c.events) },
  { id: 'state', label: 'State', cell: (c) => (c.enabled ? 'Enabled' : 'Disabled') },
];

/** Webhooks of one environment: list, add/edit/remove, send test, and (admins) the delivery log. */
export function NotificationsPanel({ environmentId }: { environmentId: string }) {
  const styles = useNotificationsStyles();
  const isAdmin = useIsAdmin();
  const channels = useNotificationChannels(environmentId);
  const remove = useDeleteNotificationChannel(environmentId);
  const sendTest = useSendTestNotification(environmentId);
  const [editing, setEditing] = useState<NotificationChannel | null | 'new'>(null);
  const [removing, setRemoving] = useState<NotificationChannel | null>(null);

  if (channels.isPending) return <Text className={styles.muted}>Loading notifications…</Text>;
  if (channels.isError)
    return <Text>Notifications could not be loaded: {channels.error.message}</Text>;

  return (
    <div className={styles.root}>
      <Text className={styles.muted}>
        Webhooks told about denials, rule changes, expiring exemptions and silent gates.
      </Text>
      <div className={styles.toolbar}>
        <WriteButton appearance="primary" onClick={() => setEditing('new')}>
          Add webhook
        </WriteButton>
      </div>
      {channels.data.length === 0 ? (
        <Text>No webhooks yet.</Text>
      ) : (
        <Table aria-label="Notification channels" size="small">
          <TableHeader>
            <TableRow>
              {COLUMNS.map((c) => (
                <TableHeaderCell key={c.id}>{c.label}</TableHeaderCell>
              ))}
              <TableHeaderCell>Actions</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {channels.data.map((channel) => (
              <TableRow key={channel.id}>
                {COLUMNS.map((c) => (
                  <TableCell key={c.id}>{c.cell(channel)}</TableCell>
                ))}
                <TableCell>
                  <div className={styles.actions}>
                    <WriteButton
                      size="small"
                      aria-label={`Send test to ${channel.name}`}
                      disabled={sendTest.isPending}
                      onClick={() => sendTest.mutate(channel.id)}
                    >
                      Send test
                    </WriteButton>
                    <WriteButton
                      size="small"
                      aria-label={`Edit ${channel.name}`}
                      onClick={() => setEditing(channel)}
                    >
                      Edit
                    </WriteButton>
                    <WriteButton
                      size="small"
                      aria-label={`Remove ${channel.name}`}
                      onClick={() => setRemoving(channel)}
                    >
                      Remove
                    </WriteButton>
                  </div>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {isAdmin && (
        <>
          <Subtitle2 as="h4">Delivery log</Subtitle2>
          <DeliveryLog environmentId={environmentId} channels={channels.data} />
        </>
      )}
      {editing !== null && (
        <ChannelDialog
          key={editing === 'new' ? 'new' : editing.id}
          environmentId={environmentId}
          channel={editing === 'new' ? null : editing}
          open
          onClose={() => setEditing(null)}
        />
      )}
      <ConfirmDialog
        open={removing !== null}
        title={`Remove ${removing?.name ?? 'webhook'}?`}
        confirmLabel="Remove"
        destructive
        busy={remove.isPending}
        onCancel={() => setRemoving(null)}
        onConfirm={() => {
          if (removing) remove.mutate(removing.id, { onSettled: () => setRemoving(null) });
        }}
      >
        Its queued deliveries are dropped. Receivers stop hearing from this environment.
      </ConfirmDialog>
    </div>
  );
}
