/** JSON has no NaN or Infinity: a missing or unbounded value is sent as null. */
export function finiteOrNull(value: number | undefined | null): number | null {
  return value === undefined || value === null || !Number.isFinite(value) ? null : value;
}
