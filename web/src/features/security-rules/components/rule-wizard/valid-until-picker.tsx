// "Valid until" date for time-bound exemptions. The calendar (react-datepicker-compat, ~50 kB
// gzip) is lazy-loaded: most rules have no time-bound exemption. Dates are calendar days,
// `YYYY-MM-DD`; the zone that ends the day is chosen next to it.
import { Spinner } from '@fluentui/react-components';
import { lazy, Suspense } from 'react';
import { useNow } from '@/lib/use-now';

const DatePicker = lazy(async () => ({
  default: (await import('@fluentui/react-datepicker-compat')).DatePicker,
}));

const pad = (n: number) => String(n).padStart(2, '0');

/** A local calendar Date as `YYYY-MM-DD` (the day the admin picked, whatever their offset). */
export function toCalendarDate(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** `YYYY-MM-DD` as a local Date at midnight; null for anything else. */
export function fromCalendarDate(text: string | undefined): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text?.trim() ?? '');
  if (!m) return null;
  const date = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return toCalendarDate(date) === text?.trim() ? date : null;
}

export interface ValidUntilPickerProps {
  value: string | undefined;
  onChange: (date: string | undefined) => void;
  onBlur?: () => void;
}

export function ValidUntilPicker({ value, onChange, onBlur }: ValidUntilPickerProps) {
  // A day already over cannot be picked (the BFF refuses a new expiry in the past too). Today
  // stays pickable: the exemption lasts to the end of today in the chosen zone.
  const now = useNow();
  const today = new Date(now);
  today.setHours(0, 0, 0, 0);
  return (
    <Suspense fallback={<Spinner size="tiny" label="Loading calendar…" />}>
      <DatePicker
        allowTextInput
        openOnClick={false}
        minDate={today}
        disableAutoFocus
        placeholder="YYYY-MM-DD"
        value={fromCalendarDate(value)}
        formatDate={(date) => (date ? toCalendarDate(date) : '')}
        parseDateFromString={(text) => fromCalendarDate(text)}
        onSelectDate={(date) => onChange(date ? toCalendarDate(date) : undefined)}
        onBlur={onBlur}
      />
    </Suspense>
  );
}
