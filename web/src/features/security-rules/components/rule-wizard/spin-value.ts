/** SpinButton typed text → number; NaN when not a number, so the schema names the problem. */
export function spinValue(data: { value?: number | null; displayValue?: string }): number {
  if (typeof data.value === 'number') return data.value;
  return data.displayValue === undefined || data.displayValue.trim() === ''
    ? Number.NaN
    : Number(data.displayValue);
}
