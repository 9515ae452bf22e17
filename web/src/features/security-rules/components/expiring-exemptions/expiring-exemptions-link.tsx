// The rules page's way into the expiring-exemptions view, with the same count as the nav badge.
import { CounterBadge, Link } from '@fluentui/react-components';
import { useNavigate } from 'react-router';
import { EXPIRING_WITHIN_DAYS, useExpiringExemptions } from '@/api/exemptions';
import { paths } from '@/config/paths';

export function ExpiringExemptionsLink() {
  const navigate = useNavigate();
  const expiring = useExpiringExemptions();
  const href = paths.expiringExemptions.build();
  const count = expiring.data?.items.length;
  return (
    <Link
      href={href}
      onClick={(event) => {
        event.preventDefault();
        void navigate(href);
      }}
    >
      Exemptions expiring in {EXPIRING_WITHIN_DAYS} days
      {count !== undefined && ` (${count})`}
      {count ? <CounterBadge count={count} size="small" color="danger" aria-hidden /> : null}
    </Link>
  );
}
