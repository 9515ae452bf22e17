// Server state of cross-rule exemption views (docs/decisions/132): one query-options factory.
import { type ExpiringExemptions, ExpiringExemptionsSchema } from '@gated/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, parse, withSignal } from './client';

const exemptionsKey = ['exemptions'] as const;

/** The window of the "expiring soon" view and of the navigation badge. */
export const EXPIRING_WITHIN_DAYS = 7;

/** `GET /exemptions/expiring?withinDays=`: exemptions in force that end within the window. */
export const expiringExemptionsQueryOptions = (withinDays = EXPIRING_WITHIN_DAYS) =>
  queryOptions({
    queryKey: [...exemptionsKey, 'expiring', withinDays] as const,
    queryFn: ({ signal }): Promise<ExpiringExemptions> =>
      parse(
        api.exemptions.expiring.$get(
          { query: { withinDays: String(withinDays) } },
          withSignal(signal),
        ),
        ExpiringExemptionsSchema,
      ),
    // The badge sits on every screen: refresh it now and then, as exemptions end by the clock,
    // and whenever a screen showing it mounts (rule saves do not know about this query).
    refetchInterval: 5 * 60_000,
    staleTime: 0,
  });

/** Every exemption query (for invalidation after rule changes). */
export const exemptionsQueryKey = exemptionsKey;

export function useExpiringExemptions(withinDays = EXPIRING_WITHIN_DAYS) {
  return useQuery(expiringExemptionsQueryOptions(withinDays));
}
