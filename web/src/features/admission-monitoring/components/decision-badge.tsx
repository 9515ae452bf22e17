import { Badge } from '@fluentui/react-components';
import type { Decision } from '@gated/shared';

const LOOK: Record<
  Decision,
  { color: 'danger' | 'warning' | 'success' | 'informative'; label: string }
> = {
  Deny: { color: 'danger', label: 'Denied' },
  Audit: { color: 'warning', label: 'Audited' },
  Allow: { color: 'success', label: 'Allowed' },
  NotGated: { color: 'informative', label: 'Not gated' },
};

/** A decision as a coloured badge with a word (colour is never the only signal). */
export function DecisionBadge({ decision }: { decision: Decision }) {
  const look = LOOK[decision];
  return (
    <Badge appearance="tint" color={look.color} shape="rounded">
      {look.label}
    </Badge>
  );
}

export const DECISION_LABEL = Object.fromEntries(
  Object.entries(LOOK).map(([k, v]) => [k, v.label]),
) as Record<Decision, string>;
