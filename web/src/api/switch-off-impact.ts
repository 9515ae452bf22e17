// What switching an environment's enforcement off reaches (clusters, rules), for the confirmation
// the environment settings show before Defender Sensor or Security Gating goes off.
import { SwitchOffImpactSchema } from '@gated/shared';
import { queryOptions } from '@tanstack/react-query';
import { api, parse, seg, withSignal } from './client';
import { environmentsKeys } from './environments';

export const switchOffImpactQueryOptions = (environmentId: string) =>
  queryOptions({
    queryKey: [...environmentsKeys.all, 'switch-off-impact', environmentId] as const,
    queryFn: ({ signal }) =>
      parse(
        api.environments[':id']['switch-off-impact'].$get(
          { param: { id: seg(environmentId) } },
          withSignal(signal),
        ),
        SwitchOffImpactSchema,
      ),
    // Counted when the dialog opens: rules and clusters change elsewhere.
    staleTime: 0,
    meta: { silent: true },
  });
