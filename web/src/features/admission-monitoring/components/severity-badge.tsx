import { Badge } from '@fluentui/react-components';
import type { FindingSeverity } from '@gated/shared';

const COLOR: Record<FindingSeverity, 'danger' | 'severe' | 'warning' | 'informative' | 'subtle'> = {
  Critical: 'danger',
  High: 'severe',
  Medium: 'warning',
  Low: 'informative',
  Unknown: 'subtle',
};

export function SeverityBadge({ severity }: { severity: FindingSeverity }) {
  return (
    <Badge appearance="outline" color={COLOR[severity]} size="small">
      {severity}
    </Badge>
  );
}
