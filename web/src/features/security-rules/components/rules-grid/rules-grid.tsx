import {
  DataGrid,
  DataGridBody,
  DataGridCell,
  DataGridHeader,
  DataGridHeaderCell,
  DataGridRow,
  type TableRowId,
} from '@fluentui/react-components';
import type { Rule } from '@gated/shared';
import { useMemo } from 'react';
import { useNow } from '@/lib/use-now';
import { RULE_COLUMN_SIZES, ruleColumns } from './rules-columns';
import { useRulesGridStyles } from './rules-grid.styles';

export interface RulesGridProps {
  rules: Rule[];
  names: ReadonlyMap<string, string>;
  /** Ids of the selected rules. @default [] */
  selectedIds?: readonly string[];
  onSelect: (ids: string[]) => void;
}

const NONE: readonly string[] = [];

/** Sortable, resizable, keyboard-navigable grid of rules with multiple selection (bulk actions). */
export function RulesGrid({ rules, names, selectedIds = NONE, onSelect }: RulesGridProps) {
  const styles = useRulesGridStyles();
  const now = useNow();
  const columns = useMemo(() => ruleColumns(names, now), [names, now]);
  const selected = useMemo(() => new Set<TableRowId>(selectedIds), [selectedIds]);
  return (
    <div className={styles.gridWrap}>
      <DataGrid
        className={styles.grid}
        items={rules}
        columns={columns}
        getRowId={(rule: Rule) => rule.id}
        sortable
        defaultSortState={{ sortColumn: 'name', sortDirection: 'ascending' }}
        resizableColumns
        columnSizingOptions={RULE_COLUMN_SIZES}
        selectionMode="multiselect"
        selectedItems={selected}
        onSelectionChange={(_e, data) => onSelect([...data.selectedItems].map(String))}
        focusMode="composite"
        aria-label="Security rules"
      >
        <DataGridHeader>
          <DataGridRow selectionCell={{ checkboxIndicator: { 'aria-label': 'Select all rules' } }}>
            {({ renderHeaderCell }) => (
              <DataGridHeaderCell>{renderHeaderCell()}</DataGridHeaderCell>
            )}
          </DataGridRow>
        </DataGridHeader>
        <DataGridBody<Rule>>
          {({ item, rowId }) => (
            <DataGridRow<Rule>
              key={rowId}
              selectionCell={{ checkboxIndicator: { 'aria-label': `Select ${item.name}` } }}
            >
              {({ renderCell }) => <DataGridCell>{renderCell(item)}</DataGridCell>}
            </DataGridRow>
          )}
        </DataGridBody>
      </DataGrid>
    </div>
  );
}
