import { kendallTauB, spearman, topIndices, topOverlap } from '../algorithms/rank-correlation.ts';
import { InvalidOptionsError } from '../errors.ts';
import { checkNumber, withDefaults } from '../options.ts';
import type { Snapshot } from '../snapshot.ts';
import { earliestTime, latestTime, SECONDS_PER_DAY, timeView } from '../views/time.ts';
import { scoreView } from './view-scores.ts';

/**
 * How stable influence is from one period to the next: influence (view-scores.ts) on each period's relationships,
 * then, for each pair of consecutive periods, the share of the top k found in both tops, and the rank correlations
 * (Spearman's rho, Kendall's tau-b; graph/algorithms/rank-correlation.ts) over the people present in both periods, and
 * over the earlier period's top k present in the later one (does the top keep its order, leaving aside the long tail
 * of people with few ties whose many tied values weigh on the correlation of everyone). The second selects by the
 * earlier period only: selecting by either period's top would bias the correlation downwards.
 */
export interface Period {
  label: string;
  /** The period's last second, Unix seconds. */
  asOf: number;
  /** Its length; null for everything up to `asOf` (cumulative). */
  windowDays: number | null;
}

/** Calendar years (UTC) from the earliest relationship time to the latest, each a window of its own days. */
export function calendarYears(snapshot: Snapshot, options: { cumulative?: boolean } = {}): Period[] {
  const first = earliestTime(snapshot);
  const last = latestTime(snapshot);
  if (first === null || last === null) throw new InvalidOptionsError('calendar years', 'no relationship has a time');
  const periods: Period[] = [];
  for (let year = new Date(first * 1000).getUTCFullYear(); year <= new Date(last * 1000).getUTCFullYear(); year++) {
    const start = Date.UTC(year, 0, 1) / 1000;
    const end = Date.UTC(year + 1, 0, 1) / 1000;
    periods.push({
      label: String(year),
      asOf: end - 1,
      windowDays: options.cumulative ? null : (end - start) / SECONDS_PER_DAY,
    });
  }
  return periods;
}

export interface StabilityOptions {
  /** Size of the top compared. Default 100. */
  top?: number;
  /** PageRank with relationship weights. Default false (as the influence family). */
  weighted?: boolean;
}

export const STABILITY_DEFAULTS: Required<StabilityOptions> = { top: 100, weighted: false };

export interface PeriodInfluence {
  period: Period;
  relationships: number;
  present: number;
  influence: Float64Array;
}

export interface PeriodComparison {
  from: string;
  to: string;
  /** People present in both periods. */
  common: number;
  /** |top_k(from) ∩ top_k(to)| / k, k capped at the smaller number of people present. */
  topOverlap: number;
  /** Over the people present in both periods. */
  spearman: number;
  kendall: number;
  /** Over the earlier period's top k who are present in the later period. */
  topPeople: number;
  topSpearman: number;
  topKendall: number;
}

/** Influence in each period (see the module comment). */
export function influenceByPeriod(
  base: Snapshot,
  periods: readonly Period[],
  options?: StabilityOptions,
): PeriodInfluence[] {
  const o = withDefaults(STABILITY_DEFAULTS, options, 'influence stability');
  return periods.map((period) => {
    const view = timeView(base, { asOf: period.asOf, windowDays: period.windowDays });
    const scores = scoreView(view, { pagerank: { weighted: o.weighted }, reach: null });
    return { period, relationships: view.snapshot.edgeCount, present: view.presentCount, influence: scores.influence };
  });
}

/** Compares each period with the next (see the module comment). */
export function compareConsecutive(
  byPeriod: readonly PeriodInfluence[],
  options?: StabilityOptions,
): PeriodComparison[] {
  const o = withDefaults(STABILITY_DEFAULTS, options, 'influence stability');
  const top = checkNumber('influence stability', 'top', o.top, { min: 1, integer: true });
  const comparisons: PeriodComparison[] = [];
  for (let k = 0; k + 1 < byPeriod.length; k++) {
    const a = byPeriod[k].influence;
    const b = byPeriod[k + 1].influence;
    const size = Math.min(top, byPeriod[k].present, byPeriod[k + 1].present);
    const earlierTop = new Set(topIndices(a, size));
    const all = paired(a, b, () => true);
    const tops = paired(a, b, (i) => earlierTop.has(i));
    comparisons.push({
      from: byPeriod[k].period.label,
      to: byPeriod[k + 1].period.label,
      common: all.x.length,
      topOverlap: size > 0 ? topOverlap(a, b, size) : NaN,
      spearman: correlation(spearman, all),
      kendall: correlation(kendallTauB, all),
      topPeople: tops.x.length,
      topSpearman: correlation(spearman, tops),
      topKendall: correlation(kendallTauB, tops),
    });
  }
  return comparisons;
}

/** The values of the people with a value in both columns and selected by `include`. */
function paired(a: Float64Array, b: Float64Array, include: (i: number) => boolean): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < a.length; i++) {
    if (!Number.isNaN(a[i]) && !Number.isNaN(b[i]) && include(i)) {
      x.push(a[i]);
      y.push(b[i]);
    }
  }
  return { x, y };
}

function correlation(measure: (x: number[], y: number[]) => number, { x, y }: { x: number[]; y: number[] }): number {
  return x.length > 1 ? measure(x, y) : NaN;
}
