// The rule's exemptions with their expiry state against the page's clock.
import {
  Badge,
  type BadgeProps,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import type { Exemption } from '@gated/shared';
import { Panel } from '@/components/panel';
import {
  EXEMPTION_STATE_LABEL,
  type ExemptionState,
  exemptionState,
} from '@/features/rule-details/model/exemption-state';

const COLOR: Record<ExemptionState, BadgeProps['color']> = {
  permanent: 'informative',
  active: 'success',
  expiring: 'warning',
  expired: 'subtle',
};

export function ExemptionsPanel({
  exemptions,
  now,
}: {
  exemptions: readonly Exemption[];
  now: number;
}) {
  return (
    <Panel title="Exemptions" headingLevel="h2">
      {exemptions.length === 0 ? (
        <Text>No exemptions: the rule applies to everything in its scope.</Text>
      ) : (
        <Table aria-label="Exemptions" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Exempts</TableHeaderCell>
              <TableHeaderCell>Until</TableHeaderCell>
              <TableHeaderCell>State</TableHeaderCell>
              <TableHeaderCell>Reason</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {exemptions.map((e, i) => {
              const state = exemptionState(e, now);
              return (
                <TableRow key={`${e.type}-${e.value}-${i}`}>
                  <TableCell>
                    {e.type} {e.match.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()} {e.value}
                  </TableCell>
                  <TableCell>
                    {e.validUntil ? `end of ${e.validUntil} (${e.timeZone ?? ''})` : 'No end date'}
                  </TableCell>
                  <TableCell>
                    <Badge appearance="tint" color={COLOR[state]}>
                      {EXEMPTION_STATE_LABEL[state]}
                    </Badge>
                  </TableCell>
                  <TableCell>{[e.reason, e.ticket].filter(Boolean).join(' · ') || '—'}</TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
    </Panel>
  );
}
