import { Text } from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { admissionStoreQueryOptions } from '@/api/admissions';

const mb = (bytes: number) =>
  `${(bytes / 1_048_576).toLocaleString(undefined, { maximumFractionDigits: 1 })} MB`;

/** For Security Admins: what the event store holds, its size and how long it keeps events. */
export function StoreFacts({ className }: { className?: string }) {
  const store = useQuery(admissionStoreQueryOptions());
  if (!store.data) return null;
  const { events, bytes, retentionDays } = store.data;
  return (
    <Text size={200} className={className}>
      Store: {events.toLocaleString()} events{bytes !== null ? ` · ${mb(bytes)}` : ''} · kept{' '}
      {retentionDays} days after last seen
    </Text>
  );
}
