// Server state of an environment's trusted signers (docs/conventions.md#server-state): one
// query-options factory with a hierarchical key, mutations that invalidate through it.
import { type TrustedKey, TrustedSignerListSchema, TrustedSignerSchema } from '@gated/shared';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../lib/api-client';

const path = (environmentId: string) =>
  `/environments/${encodeURIComponent(environmentId)}/signers`;

export const trustedSignersQueryOptions = (environmentId: string) =>
  queryOptions({
    queryKey: ['environments', 'signers', environmentId] as const,
    queryFn: ({ signal }) =>
      apiFetch(path(environmentId), { schema: TrustedSignerListSchema, signal }).then(
        (r) => r.items,
      ),
  });

export const useTrustedSigners = (environmentId: string) =>
  useQuery(trustedSignersQueryOptions(environmentId));

export function useAddTrustedSigner(environmentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (key: TrustedKey) =>
      apiFetch(path(environmentId), { method: 'POST', body: key, schema: TrustedSignerSchema }),
    onSettled: () =>
      client.invalidateQueries({ queryKey: trustedSignersQueryOptions(environmentId).queryKey }),
  });
}

export function useRemoveTrustedSigner(environmentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (signerId: string) =>
      apiFetch(`${path(environmentId)}/${encodeURIComponent(signerId)}`, { method: 'DELETE' }),
    onSettled: () =>
      client.invalidateQueries({ queryKey: trustedSignersQueryOptions(environmentId).queryKey }),
  });
}
