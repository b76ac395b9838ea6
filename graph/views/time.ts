import { InvalidOptionsError } from '../errors.ts';
import { checkNumber, withDefaults } from '../options.ts';
import type { Snapshot } from '../snapshot.ts';
import { deriveView, wholeView, type SnapshotView } from './view.ts';

/**
 * The graph as it stood at a date, optionally over a window of recent days and with older relationships weighing less.
 *
 * - As of a date: relationships with a later time are left out.
 * - Window of N days: relationships older than N days before the as-of date are left out too; a relationship counts
 *   when its time t satisfies asOf - N days < t <= asOf.
 * - Half-life of H days: each relationship's weight is multiplied by 2^(-age / H), its age in days at the as-of date,
 *   so a relationship H days old counts half, 2H days old a quarter (exponential forgetting, as influence products
 *   weigh recent activity; see e.g. Cormode, Shkapenyuk, Srivastava and Xu, "Forward decay", ICDE 2009, for the
 *   backward form used here). Scores read the decay through weighted algorithms (weighted PageRank).
 * - Relationships without a time count as always present and are never decayed.
 */
export interface TimeViewOptions {
  /** The date, Unix seconds. Default null: the latest relationship time in the graph (everything is kept). */
  asOf?: number | null;
  /** Keep only the relationships of the last `windowDays` days before the as-of date. Default null: no window. */
  windowDays?: number | null;
  /** Halve each relationship's weight every `halfLifeDays` days of age. Default null: no decay. */
  halfLifeDays?: number | null;
}

export const TIME_VIEW_DEFAULTS: Required<TimeViewOptions> = { asOf: null, windowDays: null, halfLifeDays: null };

export const SECONDS_PER_DAY = 86_400;

/** Time options with the as-of date resolved (null only when no relationship has a time). */
export interface ResolvedTimeOptions {
  asOf: number | null;
  windowDays: number | null;
  halfLifeDays: number | null;
}

export interface TimeView extends SnapshotView {
  /** The options the view was made with, the as-of date resolved. */
  time: ResolvedTimeOptions;
}

/** Checks time options and resolves the default as-of date against the snapshot's relationship times. */
export function resolveTimeOptions(
  snapshot: Snapshot,
  options?: TimeViewOptions,
  where = 'time view',
): ResolvedTimeOptions {
  const o = withDefaults(TIME_VIEW_DEFAULTS, options, where);
  if (o.asOf !== null) checkNumber(where, 'asOf', o.asOf, {});
  if (o.asOf !== null && !Number.isFinite(o.asOf))
    throw new InvalidOptionsError(where, '"asOf" must be a finite date (Unix seconds)');
  if (o.windowDays !== null) checkNumber(where, 'windowDays', o.windowDays, { min: 0, exclusiveMin: true });
  if (o.halfLifeDays !== null) checkNumber(where, 'halfLifeDays', o.halfLifeDays, { min: 0, exclusiveMin: true });
  return { asOf: o.asOf ?? latestTime(snapshot), windowDays: o.windowDays, halfLifeDays: o.halfLifeDays };
}

/** The latest relationship time in the snapshot, or null when no relationship has one. */
export function latestTime(snapshot: Snapshot): number | null {
  const times = snapshot.edgeAttributes.time;
  if (times === null) return null;
  let latest = -Infinity;
  for (let e = 0; e < times.length; e++) if (times[e] > latest) latest = times[e];
  return latest === -Infinity ? null : latest;
}

/** The earliest relationship time in the snapshot, or null when no relationship has one. */
export function earliestTime(snapshot: Snapshot): number | null {
  const times = snapshot.edgeAttributes.time;
  if (times === null) return null;
  let earliest = Infinity;
  for (let e = 0; e < times.length; e++) if (times[e] < earliest) earliest = times[e];
  return earliest === Infinity ? null : earliest;
}

/** The view of `base` as of a date, over a window, decayed by a half-life (see the module comment). */
export function timeView(base: Snapshot, options?: TimeViewOptions): TimeView {
  const time = resolveTimeOptions(base, options);
  const times = base.edgeAttributes.time;
  if (times === null || time.asOf === null) return { ...wholeView(base), time };
  const m = base.edgeCount;
  const asOf = time.asOf;
  const after = time.windowDays === null ? -Infinity : asOf - time.windowDays * SECONDS_PER_DAY;
  const keep = new Uint8Array(m);
  for (let e = 0; e < m; e++) {
    const t = times[e];
    // NaN (no time) fails both comparisons: kept.
    keep[e] = t > asOf || t <= after ? 0 : 1;
  }
  let weights: Float32Array | null = null;
  if (time.halfLifeDays !== null) {
    const { outWeights } = base;
    const perSecond = 1 / (time.halfLifeDays * SECONDS_PER_DAY);
    weights = new Float32Array(m);
    for (let e = 0; e < m; e++) {
      const t = times[e];
      weights[e] = Number.isNaN(t) ? outWeights[e] : outWeights[e] * 2 ** (-Math.max(0, asOf - t) * perSecond);
    }
  }
  return { ...deriveView(base, keep, weights), time };
}

/** The same options moved `periods` periods of `periodDays` back in time (the previous window is one period back). */
export function earlierTime(time: ResolvedTimeOptions, periodDays: number, periods = 1): ResolvedTimeOptions {
  if (time.asOf === null) return time;
  return { ...time, asOf: time.asOf - periods * periodDays * SECONDS_PER_DAY };
}
