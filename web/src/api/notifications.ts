// Server state of notification channels (docs/conventions.md#server-state): keys defined once under
// `notificationsKeys`, thin hooks, mutations invalidating through the keys.
import {
  type NotificationChannelInput,
  NotificationChannelListSchema,
  NotificationChannelSchema,
  type NotificationChannelUpdate,
  NotificationDeliveryListSchema,
  NotificationTestResultSchema,
} from '@gated/shared';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, noContent, parse, seg, withSignal } from './client';

export const notificationsKeys = {
  all: ['notifications'] as const,
  channels: (environmentId: string) =>
    [...notificationsKeys.all, 'channels', environmentId] as const,
  deliveries: (environmentId: string) =>
    [...notificationsKeys.all, 'deliveries', environmentId] as const,
};

const byEnvironment = api.environments[':id'];
const envParam = (environmentId: string) => ({ id: seg(environmentId) });
const channelParam = (environmentId: string, channelId: string) => ({
  id: seg(environmentId),
  channelId: seg(channelId),
});

export const notificationChannelsQueryOptions = (environmentId: string) =>
  queryOptions({
    queryKey: notificationsKeys.channels(environmentId),
    queryFn: async ({ signal }) =>
      (
        await parse(
          byEnvironment.notifications.$get({ param: envParam(environmentId) }, withSignal(signal)),
          NotificationChannelListSchema,
        )
      ).items,
  });

export const notificationDeliveriesQueryOptions = (environmentId: string) =>
  queryOptions({
    queryKey: notificationsKeys.deliveries(environmentId),
    queryFn: async ({ signal }) =>
      (
        await parse(
          byEnvironment['notification-deliveries'].$get(
            { param: envParam(environmentId), query: { limit: '50' } },
            withSignal(signal),
          ),
          NotificationDeliveryListSchema,
        )
      ).items,
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
      client.invalidateQueries({ queryKey: notificationsKeys.channels(environmentId) }),
      client.invalidateQueries({ queryKey: notificationsKeys.deliveries(environmentId) }),
    ]);
}

export function useSaveNotificationChannel(environmentId: string) {
  const invalidate = useInvalidate(environmentId);
  const channels = byEnvironment.notifications;
  return useMutation({
    mutationFn: (
      save:
        | { id: null; input: NotificationChannelInput }
        | { id: string; input: NotificationChannelUpdate },
    ) =>
      parse(
        save.id === null
          ? channels.$post({ param: envParam(environmentId), json: save.input })
          : channels[':channelId'].$put({
              param: channelParam(environmentId, save.id),
              json: save.input,
            }),
        NotificationChannelSchema,
      ),
    meta: { silent: true },
    onSuccess: invalidate,
  });
}

export function useDeleteNotificationChannel(environmentId: string) {
  const invalidate = useInvalidate(environmentId);
  return useMutation({
    mutationFn: (channelId: string) =>
      noContent(
        byEnvironment.notifications[':channelId'].$delete({
          param: channelParam(environmentId, channelId),
        }),
      ),
    meta: { successMessage: 'Notification channel removed' },
    onSettled: invalidate,
  });
}

export function useSendTestNotification(environmentId: string) {
  const invalidate = useInvalidate(environmentId);
  return useMutation({
    mutationFn: (channelId: string) =>
      parse(
        byEnvironment.notifications[':channelId'].test.$post({
          param: channelParam(environmentId, channelId),
        }),
        NotificationTestResultSchema,
      ),
    meta: { successMessage: 'Test message queued; watch the delivery log' },
    onSettled: invalidate,
  });
}
