// IANA time-zone picker: type to filter the runtime's zone list, pick one. Defaults elsewhere to
// the browser's zone; an exemption ends at the end of its day in this zone.
import { Combobox, Option } from '@fluentui/react-components';
import { useMemo, useState } from 'react';

/** The admin's own zone, the default for new time-bound exemptions. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

let allZones: string[] | undefined;
function zones(): string[] {
  allZones ??= [...new Set(['UTC', ...Intl.supportedValuesOf('timeZone')])];
  return allZones;
}

const MAX_SHOWN = 50;

export interface TimeZoneComboboxProps {
  value: string | undefined;
  onChange: (zone: string) => void;
  onBlur?: () => void;
}

export function TimeZoneCombobox({ value, onChange, onBlur }: TimeZoneComboboxProps) {
  const [query, setQuery] = useState<string | null>(null);
  const shown = useMemo(() => {
    const needle = (query ?? '').trim().toLowerCase().replaceAll(' ', '_');
    const all = zones();
    const matching = needle ? all.filter((z) => z.toLowerCase().includes(needle)) : all;
    const list = matching.slice(0, MAX_SHOWN);
    // Keep the chosen zone selectable even when the filter would hide it.
    return value && !list.includes(value) && !needle ? [value, ...list] : list;
  }, [query, value]);
  return (
    <Combobox
      value={query ?? value ?? ''}
      selectedOptions={value ? [value] : []}
      onChange={(e) => setQuery(e.target.value)}
      onOptionSelect={(_e, d) => {
        // Emptying the input "deselects" (optionValue undefined): keep typing, keep the zone.
        if (!d.optionValue) return;
        onChange(d.optionValue);
        setQuery(null);
      }}
      onBlur={() => {
        setQuery(null);
        onBlur?.();
      }}
    >
      {shown.length === 0 ? (
        <Option disabled value="">
          No time zone matches
        </Option>
      ) : (
        shown.map((zone) => (
          <Option key={zone} value={zone}>
            {zone}
          </Option>
        ))
      )}
    </Combobox>
  );
}
