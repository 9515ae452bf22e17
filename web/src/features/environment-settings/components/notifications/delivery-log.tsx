import {
  Badge,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import type { NotificationChannel, NotificationDelivery } from '@gated/shared';
import type { ReactNode } from 'react';
import { useNotificationDeliveries } from '@/api/notifications';
import { channelName, STATUS_COLORS } from './channel-model';
import { useNotificationsStyles } from './notifications.styles';

interface Column {
  id: string;
  label: string;
  cell: (d: NotificationDelivery, channels: NotificationChannel[]) => ReactNode;
}

const COLUMNS: Column[] = [
  { id: 'time', label: 'Queued', cell: (d) => new Date(d.createdAt).toLocaleString() },
  { id: 'channel', label: 'Channel', cell: (d, channels) => channelName(channels, d.channelId) },
  {
    id: 'summary',
    label: 'Message',
    cell: (d) => d.summary + (d.count > 1 ? ` (${d.count} times)` : ''),
  },
  {
    id: 'status',
    label: 'Status',
    cell: (d) => (
      <Badge appearance="tint" color={STATUS_COLORS[d.status]}>
        {d.status}
      </Badge>
    ),
  },
  { id: 'attempts', label: 'Attempts', cell: (d) => String(d.attempts) },
  {
    id: 'error',
    label: 'Last error',
    cell: (d) =>
      d.lastError ??
      (d.nextAttemptAt && d.status === 'pending'
        ? `next try ${new Date(d.nextAttemptAt).toLocaleTimeString()}`
        : ''),
  },
];

/** The delivery log (admins only): newest first, refreshed while it is on screen. */
export function DeliveryLog({
  environmentId,
  channels,
}: {
  environmentId: string;
  channels: NotificationChannel[];
}) {
  const styles = useNotificationsStyles();
  const deliveries = useNotificationDeliveries(environmentId, true);
  if (deliveries.isPending) return <Text className={styles.muted}>Loading the delivery log…</Text>;
  if (deliveries.isError)
    return <Text>The delivery log could not be loaded: {deliveries.error.message}</Text>;
  if (deliveries.data.length === 0)
    return (
      <Text className={styles.muted}>Nothing sent yet. Use “Send test” to try a channel.</Text>
    );
  return (
    <Table aria-label="Delivery log" size="small">
      <TableHeader>
        <TableRow>
          {COLUMNS.map((c) => (
            <TableHeaderCell key={c.id}>{c.label}</TableHeaderCell>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {deliveries.data.map((d) => (
          <TableRow key={d.id}>
            {COLUMNS.map((c) => (
              <TableCell key={c.id}>{c.cell(d, channels)}</TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
