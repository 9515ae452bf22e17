// The count on the Security rules navigation entry: exemptions that end within 7 days.
import { CounterBadge } from '@fluentui/react-components';
import { EXPIRING_WITHIN_DAYS, useExpiringExemptions } from '@/api/exemptions';

export interface ExpiringExemptionsBadgeProps {
  /** @default undefined */
  className?: string;
}

export default function ExpiringExemptionsBadge({ className }: ExpiringExemptionsBadgeProps) {
  const count = useExpiringExemptions().data?.items.length ?? 0;
  if (count === 0) return null;
  return (
    <CounterBadge
      className={className}
      count={count}
      size="small"
      color="danger"
      aria-label={`${count} exemption${count === 1 ? '' : 's'} expiring in ${EXPIRING_WITHIN_DAYS} days`}
    />
  );
}
