/** Number formatting shared by panels, tables and legends, so the same value reads the same everywhere. */

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
const plain = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
const money = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });

/**
 * A value for display: "—" when missing, compact above ten thousand, up to 2 decimals otherwise (3 significant when
 * tiny).
 */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  const magnitude = Math.abs(value);
  if (magnitude >= 10_000) return compact.format(value);
  if (magnitude > 0 && magnitude < 0.01) return value.toPrecision(3);
  return plain.format(value);
}

export function formatMoney(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return money.format(value);
}

/** A fraction in [0, 1] as a percentage. */
export function formatPercent(fraction: number | null | undefined, digits = 0): string {
  if (fraction === null || fraction === undefined || Number.isNaN(fraction)) return '—';
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** "top 3%" style wording for a percentile in [0, 100], which is easier to read than "97th percentile". */
export function formatPercentile(percentile: number | null | undefined): string {
  if (percentile === null || percentile === undefined || Number.isNaN(percentile)) return '—';
  const top = 100 - percentile;
  if (top <= 0.5) return 'top 1%';
  if (top < 50) return `top ${Math.max(1, Math.round(top))}%`;
  return `bottom ${Math.max(1, Math.round(percentile))}%`;
}
