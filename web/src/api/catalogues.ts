// Server state of the CISA KEV and FIRST EPSS catalogues (docs/conventions.md#server-state):
// keys defined once under `cataloguesKeys`; the import mutation invalidates through them.
import {
  type CatalogueKind,
  CatalogueListSchema,
  type CatalogueSummary,
  CatalogueSummarySchema,
} from '@gated/shared';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, parse, sendText, withSignal } from './client';

export const cataloguesKeys = {
  all: ['catalogues'] as const,
  list: () => [...cataloguesKeys.all, 'list'] as const,
};

/** `GET /catalogues`: what was imported, of which date, with how many entries. */
export const cataloguesQueryOptions = () =>
  queryOptions({
    queryKey: cataloguesKeys.list(),
    queryFn: async ({ signal }): Promise<CatalogueSummary[]> =>
      (await parse(api.catalogues.$get({}, withSignal(signal)), CatalogueListSchema)).items,
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
      // The file goes as published (JSON or CSV text), so the typed route gives only the path.
      parse(
        sendText(api.catalogues[kind].$path(), 'PUT', text, CONTENT_TYPE[kind]),
        CatalogueSummarySchema,
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: cataloguesKeys.all }),
  });
}
