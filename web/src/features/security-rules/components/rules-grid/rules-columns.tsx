// Column config of the rules grid (docs/conventions.md#declared-columns): label, cell and sort
// comparison per column, over the pure summaries of model/rule-summary.ts.
import {
  Badge,
  Caption1,
  createTableColumn,
  Link,
  type TableColumnDefinition,
  Text,
} from '@fluentui/react-components';
import { describeConditions, type Rule } from '@gated/shared';
import { useNavigate } from 'react-router';
import { paths } from '@/config/paths';
import {
  conditionsSummary,
  expiredCount,
  scopeSummary,
} from '@/features/security-rules/model/rule-summary';
import { useRulesGridStyles } from './rules-grid.styles';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

function RuleNameLink({ rule }: { rule: Rule }) {
  const navigate = useNavigate();
  // Every role opens the read-only details; admins edit from there or from the command bar.
  const href = paths.ruleDetails.build(rule.id);
  return (
    <Link
      href={href}
      onClick={(event) => {
        event.preventDefault();
        // The row selects on click; without this the selection's URL update wins over the link.
        event.stopPropagation();
        void navigate(href);
      }}
    >
      {rule.name}
    </Link>
  );
}

function ExemptionsCell({ rule, now }: { rule: Rule; now: number }) {
  const styles = useRulesGridStyles();
  const expired = expiredCount(rule.exemptions, now);
  return (
    <span className={styles.inline}>
      <Text>{rule.exemptions.length}</Text>
      {expired > 0 && (
        <Badge appearance="tint" color="warning">
          {expired} expired
        </Badge>
      )}
    </span>
  );
}

function ModifiedCell({ rule }: { rule: Rule }) {
  const styles = useRulesGridStyles();
  return (
    <span className={styles.stacked}>
      <Text>{rule.updatedBy}</Text>
      <Caption1>{dateTime.format(new Date(rule.updatedAt))}</Caption1>
    </span>
  );
}

/** The grid's columns; `names` maps environment ids to names, `now` decides expiry. */
export function ruleColumns(
  names: ReadonlyMap<string, string>,
  now: number,
): TableColumnDefinition<Rule>[] {
  return [
    createTableColumn<Rule>({
      columnId: 'name',
      compare: (a, b) => a.name.localeCompare(b.name),
      renderHeaderCell: () => 'Name',
      renderCell: (rule) => <RuleNameLink rule={rule} />,
    }),
    createTableColumn<Rule>({
      columnId: 'action',
      compare: (a, b) => a.action.localeCompare(b.action),
      renderHeaderCell: () => 'Action',
      renderCell: (rule) => (
        <Badge appearance="filled" color={rule.action === 'Deny' ? 'danger' : 'warning'}>
          {rule.action}
        </Badge>
      ),
    }),
    createTableColumn<Rule>({
      columnId: 'scope',
      compare: (a, b) => scopeSummary(a, names).localeCompare(scopeSummary(b, names)),
      renderHeaderCell: () => 'Scope',
      renderCell: (rule) => <Text truncate>{scopeSummary(rule, names)}</Text>,
    }),
    createTableColumn<Rule>({
      columnId: 'conditions',
      compare: (a, b) => describeConditions(a).localeCompare(describeConditions(b)),
      renderHeaderCell: () => 'Conditions',
      renderCell: (rule) => <Text truncate>{describeConditions(rule)}</Text>,
    }),
    createTableColumn<Rule>({
      columnId: 'exemptions',
      compare: (a, b) => a.exemptions.length - b.exemptions.length,
      renderHeaderCell: () => 'Exemptions',
      renderCell: (rule) => <ExemptionsCell rule={rule} now={now} />,
    }),
    createTableColumn<Rule>({
      columnId: 'status',
      compare: (a, b) => Number(b.enabled) - Number(a.enabled),
      renderHeaderCell: () => 'Status',
      renderCell: (rule) => (
        <Badge appearance="outline" color={rule.enabled ? 'success' : 'subtle'}>
          {rule.enabled ? 'Enabled' : 'Disabled'}
        </Badge>
      ),
    }),
    createTableColumn<Rule>({
      columnId: 'modified',
      compare: (a, b) => a.updatedAt.localeCompare(b.updatedAt),
      renderHeaderCell: () => 'Last modified',
      renderCell: (rule) => <ModifiedCell rule={rule} />,
    }),
  ];
}

/**
 * Starting widths; all columns stay resizable. The minimums (plus the selection column) fit the
 * ~736 px the shell leaves at a 1024 px window, so the grid does not scroll sideways there.
 */
export const RULE_COLUMN_SIZES = {
  name: { minWidth: 96, idealWidth: 180 },
  action: { minWidth: 56, idealWidth: 72 },
  scope: { minWidth: 96, idealWidth: 220 },
  conditions: { minWidth: 90, idealWidth: 160 },
  exemptions: { minWidth: 76, idealWidth: 100 },
  status: { minWidth: 68, idealWidth: 84 },
  modified: { minWidth: 92, idealWidth: 140 },
};

/** Text the search box matches against: name, description, action, scope and conditions. */
export function searchableText(rule: Rule, names: ReadonlyMap<string, string>): string {
  return [
    rule.name,
    rule.description ?? '',
    rule.action,
    scopeSummary(rule, names),
    conditionsSummary(rule),
    describeConditions(rule),
  ]
    .join(' ')
    .toLowerCase();
}
