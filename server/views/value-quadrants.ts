/** The four kinds of customer a marketer treats differently, by lifetime value against network value. */
export const QUADRANTS = {
  champions: 'high value, high influence',
  valuable: 'high value, low influence',
  connectors: 'low value, high influence',
  others: 'low value, low influence',
} as const;

export type Quadrant = keyof typeof QUADRANTS;

export interface QuadrantInput {
  clv: ArrayLike<number>;
  networkValue: ArrayLike<number>;
  /** Own plus network value; where absent (or NaN), clv + network value. */
  totalValue?: ArrayLike<number> | null;
  /** The people to place (indices into the arrays); each must have both values. */
  people: readonly number[];
  /** Where each axis is split: at the median (the lower middle value) or the mean. */
  split: 'median' | 'mean';
  /** The most people to return as points. */
  limit: number;
  /** Orders people that tie on total value (e.g. by id). */
  tieBreak: (a: number, b: number) => number;
}

export interface QuadrantResult {
  thresholds: { clv: number; networkValue: number };
  counts: Record<Quadrant, number>;
  /** The people to draw: everyone when they fit, otherwise the highest total values and an even sample of the rest. */
  shown: number[];
  quadrantOf(person: number): Quadrant;
  totalOf(person: number): number;
}

/**
 * Lifetime value against network value: each axis split at the median (or mean) of the people given, everyone counted
 * in a quadrant (above the split on an axis means strictly above), and at most `limit` of them kept as points.
 */
export function valueQuadrants(input: QuadrantInput): QuadrantResult {
  const { clv, networkValue, totalValue, people, limit } = input;
  const split = (values: ArrayLike<number>) => {
    if (people.length === 0) return 0;
    if (input.split === 'mean') return people.reduce((sum, i) => sum + values[i], 0) / people.length;
    const sorted = Float64Array.from(people, (i) => values[i]).sort();
    return sorted[Math.floor((sorted.length - 1) / 2)];
  };
  const thresholds = { clv: split(clv), networkValue: split(networkValue) };
  const quadrantOf = (i: number): Quadrant =>
    clv[i] > thresholds.clv
      ? networkValue[i] > thresholds.networkValue
        ? 'champions'
        : 'valuable'
      : networkValue[i] > thresholds.networkValue
        ? 'connectors'
        : 'others';
  const counts: Record<Quadrant, number> = { champions: 0, valuable: 0, connectors: 0, others: 0 };
  for (const i of people) counts[quadrantOf(i)]++;
  const totalOf = (i: number) =>
    totalValue && !Number.isNaN(totalValue[i]) ? totalValue[i] : clv[i] + networkValue[i];
  let shown = [...people];
  if (people.length > limit) {
    const ranked = [...people].sort((a, b) => totalOf(b) - totalOf(a) || input.tieBreak(a, b));
    const head = Math.ceil(limit / 2);
    const rest = ranked.slice(head);
    const step = rest.length / (limit - head);
    shown = [...ranked.slice(0, head), ...Array.from({ length: limit - head }, (_, k) => rest[Math.floor(k * step)])];
  }
  return { thresholds, counts, shown, quadrantOf, totalOf };
}
