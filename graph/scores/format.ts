import type { FigureDefinition, ScoreDefinition } from './definitions.ts';

/**
 * Numbers as people read them, the same in the `sway` command's output and in the app: thousands separators, and a
 * fixed number of decimals for each kind of quantity (counts none, expected numbers of people one, lifetime values
 * none, influence two), so that "1,274.3" never stands next to "1234.4". Pure functions on numbers, with no algorithm
 * behind them: the client imports this module.
 */

/** What is shown where a value is missing (unknown, not computed). */
export const MISSING = '—';

const fixedFormats = new Map<number, Intl.NumberFormat>();

/** `value` with thousands separators and exactly `decimals` decimals: formatFixed(1234.44, 1) is "1,234.4". */
export function formatFixed(value: number | null | undefined, decimals: number): string {
  if (!isNumber(value)) return MISSING;
  let format = fixedFormats.get(decimals);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    fixedFormats.set(decimals, format);
  }
  // -0.0 reads as a minus sign in front of nothing.
  const text = format.format(value);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/** A count: a whole number with thousands separators ("1,234"). */
export function formatCount(value: number | null | undefined): string {
  return formatFixed(isNumber(value) ? Math.round(value) : value, 0);
}

/** A count with its noun, singular for one: "1 person", "1,234 people", "1 relationship". */
export function formatQuantity(count: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(count)} ${Math.round(count) === 1 ? singular : plural}`;
}

/** A number of people: "1 person", "3,000 people". */
export function formatPeople(count: number): string {
  return formatQuantity(count, 'person', 'people');
}

/** An expected number of people (an estimate, so fractional): one decimal, "1,274.3". */
export function formatExpectedPeople(value: number | null | undefined): string {
  return formatFixed(value, 1);
}

/** A lifetime value in the data's own currency unit: whole units, "12,480". */
export function formatMoney(value: number | null | undefined): string {
  return formatFixed(value, 0);
}

/** An objective of advocate planning: expected people reached, or expected lifetime value reached. */
export function formatObjective(value: number | null | undefined, unit: 'people' | 'value'): string {
  return unit === 'value' ? formatMoney(value) : formatExpectedPeople(value);
}

/** Large numbers shortened for axes and captions: 950, 1K, 25K, 1.2M. */
export function formatCompact(value: number | null | undefined): string {
  if (!isNumber(value)) return MISSING;
  const magnitude = Math.abs(value);
  for (const [size, suffix] of [
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ] as const) {
    if (magnitude >= size) {
      const scaled = value / size;
      return `${Math.abs(scaled) >= 100 ? formatFixed(scaled, 0) : trimZeros(formatFixed(scaled, 1))}${suffix}`;
    }
  }
  return Number.isInteger(value) ? formatCount(value) : trimZeros(formatFixed(value, 1));
}

/** A fraction in [0, 1] as a percentage with `decimals` decimals: "12.5%". */
export function formatPercent(fraction: number | null | undefined, decimals = 0): string {
  if (!isNumber(fraction)) return MISSING;
  return `${formatFixed(fraction * 100, decimals)}%`;
}

/** "top 3%" style wording for a percentile in [0, 100], which is easier to read than "97th percentile". */
export function formatPercentile(percentile: number | null | undefined): string {
  if (!isNumber(percentile)) return MISSING;
  const top = 100 - percentile;
  if (top <= 0.5) return 'top 1%';
  if (top < 50) return `top ${Math.max(1, Math.round(top))}%`;
  return `bottom ${Math.max(1, Math.round(percentile))}%`;
}

/** A duration: "850 ms" below a second, "6.4 s" below a minute, "3.2 min" above. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${formatCount(ms)} ms`;
  if (ms < 60_000) return `${formatFixed(ms / 1000, 1)} s`;
  return `${formatFixed(ms / 60_000, 1)} min`;
}

/** A small positive number that only its order of magnitude says much about (a convergence residual): "8.6e-11". */
export function formatTiny(value: number | null | undefined): string {
  if (!isNumber(value)) return MISSING;
  if (value === 0) return '0';
  return Math.abs(value) >= 0.001 ? trimZeros(formatFixed(value, 4)) : value.toExponential(1);
}

/**
 * How each score unit is shown: a fixed number of decimals, or (for probabilities and fractions, which span many
 * orders of magnitude) three significant digits. Integer scores never show decimals.
 */
const UNIT_STYLES: Record<string, { decimals: number } | { significant: number }> = {
  'x average': { decimals: 2 },
  '0-100': { decimals: 1 },
  probability: { significant: 3 },
  fraction: { significant: 3 },
  people: { decimals: 1 },
  k: { decimals: 0 },
  weight: { decimals: 2 },
  value: { decimals: 0 },
  rating: { decimals: 2 },
  reliability: { decimals: 2 },
};

/** A score as its declaration says to show it: categories as they are, booleans as yes/no, numbers by their unit. */
export function formatScore(
  definition: Pick<ScoreDefinition, 'kind' | 'unit'>,
  value: number | null | undefined,
): string {
  if (!isNumber(value)) return MISSING;
  switch (definition.kind) {
    case 'boolean':
      return value ? 'yes' : 'no';
    case 'category':
      return String(value);
    case 'integer':
      return formatCount(value);
  }
  const style = UNIT_STYLES[definition.unit] ?? { decimals: 2 };
  if ('decimals' in style) return formatFixed(value, style.decimals);
  if (value === 0) return '0';
  return Math.abs(value) >= 0.001
    ? formatFixed(value, Math.max(0, style.significant - 1 - Math.floor(Math.log10(Math.abs(value)))))
    : value.toPrecision(style.significant);
}

/** Influence (PageRank times the number of people: 1 is average) as everywhere else: two decimals. */
export function formatInfluence(value: number | null | undefined): string {
  return formatScore({ kind: 'float', unit: 'x average' }, value);
}

/** The unit as a short suffix, leaving out what the number already says (categories, yes/no, "id", "k"). */
export function unitSuffix(definition: Pick<ScoreDefinition, 'kind' | 'unit'>): string {
  if (definition.kind === 'category' || definition.kind === 'boolean') return '';
  return definition.unit ? ` ${definition.unit}` : '';
}

/** A graph-level figure of a score set (iterations, modularity, ...) as its declaration says. */
export function formatFigure(
  definition: FigureDefinition,
  value: number | string | boolean | null | undefined,
): string {
  if (value === null || value === undefined) return MISSING;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  switch (definition.kind) {
    case 'count':
      return formatCount(value);
    case 'percent':
      return formatPercent(value, 1);
    case 'tiny':
      return formatTiny(value);
    case 'decimal':
      return formatFixed(value, 3);
    case 'people':
      return formatExpectedPeople(value);
    default:
      return String(value);
  }
}

function isNumber(value: number | null | undefined): value is number {
  return value !== null && value !== undefined && !Number.isNaN(value);
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}
