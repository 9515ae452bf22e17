// Server state of uploaded VEX documents (docs/conventions.md#server-state): one query-options
// factory; documents upload through the API (`POST /vex`), the portal lists them.
import { StoredVexDocumentListSchema } from '@gated/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetch, toSearch } from '../lib/api-client';

/** The VEX documents an environment's gates apply: its own and the global ones. */
export const vexDocumentsQueryOptions = (environmentId: string) =>
  queryOptions({
    queryKey: ['vex', 'list', { environmentId }] as const,
    queryFn: ({ signal }) =>
      apiFetch(`/vex${toSearch({ environmentId })}`, {
        schema: StoredVexDocumentListSchema,
        signal,
      }).then((r) => r.items),
  });

export const useVexDocuments = (environmentId: string) =>
  useQuery(vexDocumentsQueryOptions(environmentId));
