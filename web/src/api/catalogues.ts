// Server state of the CISA KEV and FIRST EPSS catalogues (docs/conventions.md#server-state):
// one query-options factory; the import mutation invalidates through its key.
import {
  type CatalogueKind,
  CatalogueListSchema,
  type CatalogueSummary,
  CatalogueSummarySchema,
} from '@gated/shared';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../lib/api-client';

const cataloguesKey = ['catalogues'] as const;

/** `GET /catalogues`: what was imported, of which date, with how many entries. */
export const cataloguesQueryOptions = () =>
  queryOptions({
    queryKey: [...cataloguesKey, 'list'] as const,
    queryFn: async ({ signal }): Promise<CatalogueSummary[]> =>
      (await apiFetch('/catalogues', { schema: CatalogueListSchema, signal })).items,
    staleTime: 60_000,
  });

export function useCatalogues() {
  return useQuery(cataloguesQueryOptions());
}

/** The catalogue of one kind, or undefined when never imported. */
export function catalogueOf(
  list: readonly CatalogueSummary[] | undefined,
  kind: CatalogueKind,
): CatalogueSummary | undefined {
  return list?.find((c) => c.kind === kind);
}

const CONTENT_TYPE: Record<CatalogueKind, string> = { kev: 'application/json', epss: 'text/csv' };

/** `PUT /catalogues/{kind}` with the file as CISA or FIRST publish it. */
export function useImportCatalogue() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, text }: { kind: CatalogueKind; text: string }) =>
      apiFetch(`/catalogues/${kind}`, {
        method: 'PUT',
        body: text,
        headers: { 'Content-Type': CONTENT_TYPE[kind] },
        schema: CatalogueSummarySchema,
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: cataloguesQueryOptions().queryKey }),
  });
}
