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
  /** Id of the selected rule. @default null */
  selectedId?: string | null;
  onSelect: (id: string | null) => void;
}

/** Sortable, resizable, keyboard-navigable grid of rules with single selection. */
export function RulesGrid({ rules, names, selectedId = null, onSelect }: RulesGridProps) {
  const styles = useRulesGridStyles();
  const now = useNow();
  const columns = useMemo(() => ruleColumns(names, now), [names, now]);
  const selected = useMemo(() => new Set<TableRowId>(selectedId ? [selectedId] : []), [selectedId]);
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
        selectionMode="single"
        selectedItems={selected}
        onSelectionChange={(_e, data) => {
          const [first] = [...data.selectedItems];
          onSelect(first === undefined ? null : String(first));
        }}
        focusMode="composite"
        aria-label="Security rules"
      >
        <DataGridHeader>
          <DataGridRow>
            {({ renderHeaderCell }) => (
              <DataGridHeaderCell>{renderHeaderCell()}</DataGridHeaderCell>
            )}
          </DataGridRow>
        </DataGridHeader>
        <DataGridBody<Rule>>
          {({ item, rowId }) => (
            <DataGridRow<Rule>
              key={rowId}
              selectionCell={{ radioIndicator: { 'aria-label': `Select ${item.name}` } }}
            >
              {({ renderCell }) => <DataGridCell>{renderCell(item)}</DataGridCell>}
            </DataGridRow>
          )}
        </DataGridBody>
      </DataGrid>
    </div>
  );
}
