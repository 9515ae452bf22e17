// Exemptions expiring in 7 days (docs/decisions/132): every time-bound exemption still in force
// whose last day ends within the window of the server's clock, soonest first, with its rule,
// value, reason and expiry. Read-only for both roles; the rule link opens the rule.
import {
  Link,
  Skeleton,
  SkeletonItem,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import { useNavigate } from 'react-router';
import { EXPIRING_WITHIN_DAYS, useExpiringExemptions } from '@/api/exemptions';
import { EmptyState } from '@/components/empty-state';
import { ErrorState } from '@/components/error-state';
import { PageHeader } from '@/components/page-header';
import { paths } from '@/config/paths';
import { MATCH_LABELS } from '@/features/security-rules/model/rule-summary';

const HOUR_MS = 3_600_000;

/** "in 2 days" / "in 5 hours", counted from the server's answer time (its clock decides). */
export function timeLeft(expiresAt: string, now: string): string {
  const hours = Math.max(0, Math.round((Date.parse(expiresAt) - Date.parse(now)) / HOUR_MS));
  if (hours < 48) return `in ${hours} hour${hours === 1 ? '' : 's'}`;
  return `in ${Math.round(hours / 24)} days`;
}

export function ExpiringExemptionsPage() {
  const navigate = useNavigate();
  const expiring = useExpiringExemptions();
  const title = `Exemptions expiring in ${EXPIRING_WITHIN_DAYS} days`;

  let body;
  if (expiring.isPending) {
    body = (
      <Skeleton aria-label="Loading exemptions">
        <SkeletonItem size={32} />
        <SkeletonItem size={32} />
      </Skeleton>
    );
  } else if (expiring.isError) {
    body = (
      <ErrorState
        title="The exemptions could not be loaded"
        error={expiring.error}
        onRetry={() => void expiring.refetch()}
      />
    );
  } else if (expiring.data.items.length === 0) {
    body = (
      <EmptyState title={`No exemption ends in the next ${EXPIRING_WITHIN_DAYS} days`}>
        Time-bound exemptions show here a week before their last day ends.
      </EmptyState>
    );
  } else {
    const { now, items } = expiring.data;
    body = (
      <Table aria-label={title}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Rule</TableHeaderCell>
            <TableHeaderCell>Exemption</TableHeaderCell>
            <TableHeaderCell>Reason</TableHeaderCell>
            <TableHeaderCell>Last day</TableHeaderCell>
            <TableHeaderCell>Expires</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.map((item) => {
            const e = item.exemption;
            const href = paths.editRule.build(item.ruleId);
            return (
              <TableRow key={`${item.ruleId}:${item.index}`}>
                <TableCell>
                  <Link
                    href={href}
                    onClick={(event) => {
                      event.preventDefault();
                      void navigate(href);
                    }}
                  >
                    {item.ruleName}
                  </Link>
                  {!item.ruleEnabled && <Text size={200}> (rule disabled)</Text>}
                </TableCell>
                <TableCell>
                  {e.type} {MATCH_LABELS[e.match].toLowerCase()} {e.value}
                </TableCell>
                <TableCell>
                  {e.reason ?? '—'}
                  {e.ticket && <Text size={200}> ({e.ticket})</Text>}
                </TableCell>
                <TableCell>
                  {e.validUntil} ({e.timeZone})
                </TableCell>
                <TableCell>
                  <time dateTime={item.expiresAt}>{timeLeft(item.expiresAt, now)}</time>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    );
  }

  return (
    <>
      <PageHeader
        title={title}
        breadcrumb={[{ label: 'Security rules', to: paths.rules.build() }, { label: title }]}
        description="Time-bound exemptions still in force whose last day ends within the window. Extend one by editing its rule, or let it lapse: an expired exemption never applies."
      />
      {body}
    </>
  );
}
