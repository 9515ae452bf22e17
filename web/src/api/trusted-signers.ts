// Server state of an environment's trusted signers (docs/conventions.md#server-state): keyed under
// the environment (`environmentsKeys.signers`), mutations that invalidate through that key.
import { type TrustedKey, TrustedSignerListSchema, TrustedSignerSchema } from '@gated/shared';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, noContent, parse, seg, withSignal } from './client';
import { environmentsKeys } from './environments';

const signers = api.environments[':id'].signers;

export const trustedSignersQueryOptions = (environmentId: string) =>
  queryOptions({
    queryKey: environmentsKeys.signers(environmentId),
    queryFn: async ({ signal }) =>
      (
        await parse(
          signers.$get({ param: { id: seg(environmentId) } }, withSignal(signal)),
          TrustedSignerListSchema,
        )
      ).items,
  });

export const useTrustedSigners = (environmentId: string) =>
  useQuery(trustedSignersQueryOptions(environmentId));

export function useAddTrustedSigner(environmentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (key: TrustedKey) =>
      parse(signers.$post({ param: { id: seg(environmentId) }, json: key }), TrustedSignerSchema),
    onSettled: () =>
      client.invalidateQueries({ queryKey: environmentsKeys.signers(environmentId) }),
  });
}

export function useRemoveTrustedSigner(environmentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (signerId: string) =>
      noContent(
        signers[':signerId'].$delete({
          param: { id: seg(environmentId), signerId: seg(signerId) },
        }),
      ),
    onSettled: () =>
      client.invalidateQueries({ queryKey: environmentsKeys.signers(environmentId) }),
  });
}
