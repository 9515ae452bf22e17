import { Caption1, Switch, Text } from '@fluentui/react-components';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Controller, useFormContext, useWatch } from 'react-hook-form';
import { trustedSignersQueryOptions } from '@/api/trusted-signers';
import type { RuleFormValues } from '@/features/security-rules/model/rule-form';
import { environmentNames, scopeEnvironmentsQueryOptions } from '@/api/environments';

/**
 * "Require signed findings": a registry report counts only when a trusted signer of the rule's
 * environments signed it (uploads are vouched for by their uploader); the signers are listed so
 * the author sees who that is.
 */
export function SignedFindingsOption() {
  const { control } = useFormContext<RuleFormValues>();
  const required = useWatch({ control, name: 'requireSignedFindings' }) ?? false;
  const cloudScopes = useWatch({ control, name: 'scope.cloudScopes' }) ?? [];
  const environments = useQuery(scopeEnvironmentsQueryOptions());
  const names = environmentNames(environments.data);
  const ids = cloudScopes.length ? cloudScopes : (environments.data ?? []).map((e) => e.id);
  const signers = useQueries({
    queries: required ? ids.map((id) => trustedSignersQueryOptions(id)) : [],
  });

  return (
    <div>
      <Controller
        control={control}
        name="requireSignedFindings"
        render={({ field }) => (
          <Switch
            label="Require signed findings (an unsigned or wrongly signed report counts as no report)"
            checked={field.value ?? false}
            onChange={(_e, d) => field.onChange(d.checked)}
          />
        )}
      />
      {required && (
        <ul aria-label="Trusted signers of the rule's environments">
          {ids.map((id, i) => {
            const list = signers[i]?.data;
            return (
              <li key={id}>
                <Text weight="semibold">{names.get(id) ?? id}: </Text>
                {list === undefined ? (
                  <Caption1>loading…</Caption1>
                ) : list.length === 0 ? (
                  <Caption1>no trusted signers — only API uploads count as signed</Caption1>
                ) : (
                  <Text>{list.map((s) => `${s.name} (${s.algorithm})`).join(', ')}</Text>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
