/** Policy as code: every rule as a SecurityRuleList document, YAML or JSON. */
import { formatRuleExport } from '@gated/shared';
import type { AppDeps } from '../../lib/app-env.js';
import { listRules, ruleInputOf } from '../../store/rules.repo.js';

export async function exportRules(deps: AppDeps, format: 'yaml' | 'json'): Promise<string> {
  const inputs = (await listRules(deps.db)).map(ruleInputOf);
  if (format === 'json')
    return `${JSON.stringify({ apiVersion: 'gated.dev/v1', kind: 'SecurityRuleList', rules: inputs }, null, 2)}\n`;
  return formatRuleExport(inputs);
}
