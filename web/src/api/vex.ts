// Server state of uploaded VEX documents (docs/conventions.md#server-state): keys defined once
// under `vexKeys`; documents upload through the API (`POST /vex`), the portal lists them.
import { StoredVexDocumentListSchema } from '@gated/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, parse, withSignal } from './client';

export const vexKeys = {
  all: ['vex'] as const,
  list: (filters: { environmentId: string }) => [...vexKeys.all, 'list', filters] as const,
};

/** The VEX documents an environment's gates apply: its own and the global ones. */
export const vexDocumentsQueryOptions = (environmentId: string) =>
  queryOptions({
    queryKey: vexKeys.list({ environmentId }),
    queryFn: async ({ signal }) =>
      (
        await parse(
          api.vex.$get({ query: { environmentId } }, withSignal(signal)),
          StoredVexDocumentListSchema,
        )
      ).items,
  });

export const useVexDocuments = (environmentId: string) =>
  useQuery(vexDocumentsQueryOptions(environmentId));
