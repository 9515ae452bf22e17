// Server state of notification channels (docs/conventions.md#server-state): one query-options
// factory per resource with hierarchical keys, thin hooks, mutations invalidating through the keys.
import {
  type NotificationChannelInput,
  NotificationChannelListSchema,
  NotificationChannelSchema,
  type NotificationChannelUpdate,
  NotificationDeliveryListSchema,
  NotificationTestResultSchema,
} from '@gated/shared';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../lib/api-client';

const base = (environmentId: string) =>
  `/environments/${encodeURIComponent(environmentId)}/notifications`;

export const notificationChannelsQueryOptions = (environmentId: string) =>
  queryOptions({
    queryKey: ['notifications', 'channels', environmentId] as const,
    queryFn: ({ signal }) =>
      apiFetch(base(environmentId), { schema: NotificationChannelListSchema, signal }).then(
        (r) => r.items,
      ),
  });

export const notificationDeliveriesQueryOptions = (environmentId: string) =>
  queryOptions({
    queryKey: ['notifications', 'deliveries', environmentId] as const,
    queryFn: ({ signal }) =>
      apiFetch(
        `/environments/${encodeURIComponent(environmentId)}/notification-deliveries?limit=50`,
        { schema: NotificationDeliveryListSchema, signal },
      ).then((r) => r.items),
    // Retries and the worker move deliveries on their own.
    refetchInterval: 5000,
  });

export const useNotificationChannels = (environmentId: string) =>
  useQuery(notificationChannelsQueryOptions(environmentId));
export const useNotificationDeliveries = (environmentId: string, enabled: boolean) =>
  useQuery({ ...notificationDeliveriesQueryOptions(environmentId), enabled });

function useInvalidate(environmentId: string) {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({
        queryKey: notificationChannelsQueryOptions(environmentId).queryKey,
      }),
      client.invalidateQueries({
        queryKey: notificationDeliveriesQueryOptions(environmentId).queryKey,
      }),
    ]);
}

export function useSaveNotificationChannel(environmentId: string) {
  const invalidate = useInvalidate(environmentId);
  return useMutation({
    mutationFn: (
      save:
        | { id: null; input: NotificationChannelInput }
        | { id: string; input: NotificationChannelUpdate },
    ) =>
      save.id === null
        ? apiFetch(base(environmentId), {
            method: 'POST',
            body: save.input,
            schema: NotificationChannelSchema,
          })
        : apiFetch(`${base(environmentId)}/${encodeURIComponent(save.id)}`, {
            method: 'PUT',
            body: save.input,
            schema: NotificationChannelSchema,
          }),
    meta: { silent: true },
    onSuccess: invalidate,
  });
}

export function useDeleteNotificationChannel(environmentId: string) {
  const invalidate = useInvalidate(environmentId);
  return useMutation({
    mutationFn: (channelId: string) =>
      apiFetch<undefined>(`${base(environmentId)}/${encodeURIComponent(channelId)}`, {
        method: 'DELETE',
      }),
    meta: { successMessage: 'Notification channel removed' },
    onSettled: invalidate,
  });
}

export function useSendTestNotification(environmentId: string) {
  const invalidate = useInvalidate(environmentId);
  return useMutation({
    mutationFn: (channelId: string) =>
      apiFetch(`${base(environmentId)}/${encodeURIComponent(channelId)}/test`, {
        method: 'POST',
        schema: NotificationTestResultSchema,
      }),
    meta: { successMessage: 'Test message queued; watch the delivery log' },
    onSettled: invalidate,
  });
}
