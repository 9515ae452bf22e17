import { Button, Field, Input, SearchBox, Select, ToggleButton } from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import { DecisionSchema } from '@gated/shared';
import { useQuery } from '@tanstack/react-query';
import {
  type AdmissionFilters,
  DEFAULT_RANGE,
  TIME_RANGES,
  type TimeRange,
} from '@/api/admission-filters';
import { clusterNamesQueryOptions } from '@/api/clusters';
import { rulesQueryOptions } from '@/api/rules';
import { useAdmissionFiltersBarStyles } from './admission-filters-bar.styles';
import { DECISION_LABEL } from './decision-badge';
import { useDebouncedText } from './use-debounced-text';

export interface AdmissionFiltersBarProps {
  filters: AdmissionFilters;
  onChange: (next: AdmissionFilters) => void;
}

const ALL = '';
/** `datetime-local` wants local time without zone; the URL keeps ISO (UTC). */
const toLocalInput = (iso: string | undefined) => {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromLocalInput = (value: string) => (value ? new Date(value).toISOString() : undefined);

/** Time range, decision, cluster, namespace, rule and free text; every change goes to the URL. */
export function AdmissionFiltersBar({ filters, onChange }: AdmissionFiltersBarProps) {
  const styles = useAdmissionFiltersBarStyles();
  const clusters = useQuery(clusterNamesQueryOptions());
  const rules = useQuery(rulesQueryOptions());
  const set = (patch: Partial<AdmissionFilters>) => onChange({ ...filters, ...patch });
  const [q, setQ] = useDebouncedText(filters.q ?? '', (text) => set({ q: text || undefined }));
  const [namespace, setNamespace] = useDebouncedText(filters.namespace ?? '', (text) =>
    set({ namespace: text || undefined }),
  );
  const filtered =
    filters.range !== DEFAULT_RANGE ||
    filters.decision.length > 0 ||
    !!filters.cluster ||
    !!filters.namespace ||
    !!filters.rule ||
    !!filters.q;

  return (
    <div className={styles.root} role="search" aria-label="Filter admission events">
      <Field label="Time range" className={styles.narrow}>
        <Select
          className={styles.control}
          value={filters.range}
          onChange={(_e, data) => {
            const range = data.value as TimeRange;
            set(
              range === 'custom'
                ? { range, from: new Date(Date.now() - 86_400_000).toISOString(), to: undefined }
                : { range, from: undefined, to: undefined },
            );
          }}
        >
          {Object.entries(TIME_RANGES).map(([key, r]) => (
            <option key={key} value={key}>
              {r.label}
            </option>
          ))}
        </Select>
      </Field>
      {filters.range === 'custom' && (
        <>
          <Field label="From" className={styles.narrow}>
            <Input
              type="datetime-local"
              value={toLocalInput(filters.from)}
              onChange={(_e, d) => set({ from: fromLocalInput(d.value) })}
            />
          </Field>
          <Field label="To" className={styles.narrow}>
            <Input
              type="datetime-local"
              value={toLocalInput(filters.to)}
              onChange={(_e, d) => set({ to: fromLocalInput(d.value) })}
            />
          </Field>
        </>
      )}
      <div role="group" aria-label="Decision" className={styles.decisions}>
        {DecisionSchema.options.map((d) => {
          const on = filters.decision.includes(d);
          return (
            <ToggleButton
              key={d}
              size="small"
              checked={on}
              onClick={() =>
                set({
                  decision: DecisionSchema.options.filter((x) =>
                    x === d ? !on : filters.decision.includes(x),
                  ),
                })
              }
            >
              {DECISION_LABEL[d]}
            </ToggleButton>
          );
        })}
      </div>
      <Field label="Cluster" className={styles.narrow}>
        <Select
          className={styles.control}
          value={filters.cluster ?? ALL}
          onChange={(_e, data) => set({ cluster: data.value || undefined })}
        >
          <option value={ALL}>All clusters</option>
          {filters.cluster && !clusters.data?.some((c) => c.id === filters.cluster) && (
            <option value={filters.cluster}>{filters.cluster}</option>
          )}
          {(clusters.data ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Namespace" className={styles.narrow} hint="Prefix match, e.g. prod-">
        <Input
          className={styles.control}
          value={namespace}
          placeholder="Any"
          onChange={(_e, d) => setNamespace(d.value)}
        />
      </Field>
      <Field label="Rule" className={styles.narrow}>
        <Select
          className={styles.control}
          value={filters.rule ?? ALL}
          onChange={(_e, data) => set({ rule: data.value || undefined })}
        >
          <option value={ALL}>All rules</option>
          {filters.rule && !rules.data?.some((r) => r.id === filters.rule) && (
            <option value={filters.rule}>{filters.rule}</option>
          )}
          {(rules.data ?? []).map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Search" className={styles.wide}>
        <SearchBox
          value={q}
          placeholder="Workload, image, rule, reason"
          onChange={(_e, d) => setQ(d.value)}
        />
      </Field>
      {filtered && (
        <Button
          className={styles.clear}
          icon={<DismissRegular />}
          onClick={() => onChange({ range: DEFAULT_RANGE, decision: [] })}
        >
          Clear filters
        </Button>
      )}
    </div>
  );
}
