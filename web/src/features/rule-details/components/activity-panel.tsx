// What the rule did in the last 24 h or 7 d, by decision, with the way into monitoring.
import { Caption1, Link, Spinner, Tab, TabList, Text } from '@fluentui/react-components';
import type { ActivityWindow } from '@gated/shared';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ruleActivityQueryOptions } from '@/api/rule-activity';
import { ErrorState } from '@/components/error-state';
import { Panel } from '@/components/panel';
import { paths } from '@/config/paths';
import { useRuleDetailsStyles } from '@/features/rule-details/rule-details.styles';

const WINDOW_LABEL: Record<ActivityWindow, string> = {
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
};

const number = new Intl.NumberFormat();

export function ActivityPanel({ ruleId, now }: { ruleId: string; now: number }) {
  const styles = useRuleDetailsStyles();
  const navigate = useNavigate();
  const [window, setWindow] = useState<ActivityWindow>('24h');
  const activity = useQuery(ruleActivityQueryOptions(ruleId, window, new Date(now).toISOString()));
  // The monitoring page reads these URL filters (admission-filters.ts): rule id and range.
  const href = paths.admissions.build(
    new URLSearchParams({ rule: ruleId, range: window }).toString(),
  );
  const a = activity.data;
  return (
    <Panel title="Activity" headingLevel="h2">
      <TabList
        selectedValue={window}
        onTabSelect={(_, d) => setWindow(d.value as ActivityWindow)}
        aria-label="Activity window"
      >
        <Tab value="24h">{WINDOW_LABEL['24h']}</Tab>
        <Tab value="7d">{WINDOW_LABEL['7d']}</Tab>
      </TabList>
      {activity.isPending && <Spinner size="small" label="Loading activity…" />}
      {activity.isError && (
        <ErrorState
          title="The activity failed to load"
          error={activity.error}
          onRetry={() => void activity.refetch()}
        />
      )}
      {a && (
        <>
          <div role="group" aria-label={`Admissions, ${WINDOW_LABEL[window]}`}>
            <dl className={styles.counts}>
              {(
                [
                  ['Deny', 'Denied'],
                  ['Audit', 'Audited'],
                  ['Allow', 'Allowed'],
                ] as const
              ).map(([decision, label]) => (
                <div key={decision} className={styles.count}>
                  <dt>
                    <Caption1>{label}</Caption1>
                  </dt>
                  <dd className={styles.definition}>
                    <Text size={600} weight="semibold">
                      {number.format(a.admissions[decision])}
                    </Text>
                  </dd>
                </div>
              ))}
            </dl>
          </div>
          <Text>
            {number.format(a.decided.Deny + a.decided.Audit + a.decided.Allow)} decided by this
            rule, the rest triggered it while a stricter rule decided ({number.format(a.events)}{' '}
            {a.events === 1 ? 'event' : 'events'}).
          </Text>
        </>
      )}
      <Link
        href={href}
        onClick={(event) => {
          event.preventDefault();
          void navigate(href);
        }}
      >
        Show these admissions in Admission monitoring
      </Link>
    </Panel>
  );
}
