// What the draft would have done: replays it over the last 7 or 30 days of admissions
// (`POST /rules/preview`) before anything is saved.
import {
  Badge,
  Button,
  Link,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  ToggleButton,
} from '@fluentui/react-components';
import { AcknowledgeImpact } from './acknowledge-impact';
import type { RuleInput } from '@gated/shared';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { paths } from '@/config/paths';
import { type PreviewDays, rulePreviewQueryOptions } from '@/api/rule-preview';
import { useRuleWizardStyles } from './rule-wizard.styles';

const time = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

function Count({ label, value }: { label: string; value: number }) {
  const styles = useRuleWizardStyles();
  return (
    <div className={styles.count}>
      <Text size={600} weight="semibold">
        {value}
      </Text>
      <Text className={styles.muted}>{label}</Text>
    </div>
  );
}

/** The acknowledgement a save that makes the rule deny more needs (absent: none needed). */
export interface ImpactAcknowledgement {
  /** The acknowledged preview's token, or null. */
  token: string | null;
  /** A save was attempted without it: say so on the checkbox. */
  asked: boolean;
  onChange: (token: string | null) => void;
}

export interface ImpactPreviewProps {
  rule: RuleInput;
  ruleId?: string;
  acknowledgement?: ImpactAcknowledgement;
}

export function ImpactPreview({ rule, ruleId, acknowledgement }: ImpactPreviewProps) {
  const styles = useRuleWizardStyles();
  const [days, setDays] = useState<PreviewDays>(7);
  const preview = useQuery(rulePreviewQueryOptions(rule, days, ruleId));

  let body;
  if (preview.isPending) {
    body = <Spinner size="small" label={`Replaying the last ${days} days of admissions…`} />;
  } else if (preview.isError) {
    body = (
      <MessageBar intent="error" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>The impact preview failed</MessageBarTitle>
          {preview.error.message}{' '}
          {acknowledgement
            ? 'Saving this Deny rule needs the preview; try it again in a moment.'
            : 'You can still save the rule; try the preview again in a moment.'}
        </MessageBarBody>
        <MessageBarActions>
          <Button onClick={() => void preview.refetch()}>Try again</Button>
        </MessageBarActions>
      </MessageBar>
    );
  } else {
    const r = preview.data;
    body = (
      <>
        <div className={styles.counts} aria-label="Impact counts" role="group">
          <Count label="would be denied" value={r.wouldDeny} />
          <Count label="would be audited" value={r.wouldAudit} />
          <Count label="workloads affected" value={r.workloads} />
          <Count label="admissions replayed" value={r.evaluated} />
        </div>
        {r.examples.length === 0 ? (
          <Text>No admission in the last {days} days would have triggered this rule.</Text>
        ) : (
          <Table size="small" aria-label="Example admissions">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Time</TableHeaderCell>
                <TableHeaderCell>Workload</TableHeaderCell>
                <TableHeaderCell>Outcome</TableHeaderCell>
                <TableHeaderCell>Because</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {r.examples.map((e) => (
                <TableRow key={e.eventId}>
                  <TableCell>
                    <Link href={paths.admission.build(e.eventId)} target="_blank">
                      {time.format(new Date(e.time))}
                    </Link>
                  </TableCell>
                  <TableCell>{`${e.clusterName} / ${e.namespace} / ${e.kind} ${e.name}`}</TableCell>
                  <TableCell>
                    <Badge appearance="filled" color={e.outcome === 'Deny' ? 'danger' : 'warning'}>
                      {e.outcome}
                    </Badge>
                  </TableCell>
                  <TableCell>{e.because}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </>
    );
  }

  return (
    <section aria-label="Impact preview" className={styles.step}>
      <div className={styles.toggles}>
        <Subtitle2 as="h3">Impact preview</Subtitle2>
        <span className={styles.spacer} />
        {([7, 30] as const).map((d) => (
          <ToggleButton key={d} size="small" checked={days === d} onClick={() => setDays(d)}>
            Last {d} days
          </ToggleButton>
        ))}
      </div>
      {body}
      {acknowledgement && (
        <AcknowledgeImpact
          acknowledgement={acknowledgement}
          token={preview.data?.acknowledgement}
          wouldDeny={preview.data?.wouldDeny}
          days={days}
        />
      )}
    </section>
  );
}
