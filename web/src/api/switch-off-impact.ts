// What switching an environment's enforcement off reaches (clusters, rules), for the confirmation
// the environment settings show before Defender Sensor or Security Gating goes off.
import { SwitchOffImpactSchema } from '@gated/shared';
import { queryOptions } from '@tanstack/react-query';
import { apiFetch } from '../lib/api-client';

export const switchOffImpactQueryOptions = (environmentId: string) =>
  queryOptions({
    queryKey: ['environments', 'switch-off-impact', environmentId] as const,
    queryFn: ({ signal }) =>
      apiFetch(`/environments/${encodeURIComponent(environmentId)}/switch-off-impact`, {
        schema: SwitchOffImpactSchema,
        signal,
      }),
    // Counted when the dialog opens: rules and clusters change elsewhere.
    staleTime: 0,
    meta: { silent: true },
  });
