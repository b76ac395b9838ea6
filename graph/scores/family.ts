import type { Snapshot } from '../snapshot.ts';
import type { TimeView } from '../views/time.ts';
import type { FamilyDeclaration } from './definitions.ts';

export interface FamilyContext<O> {
  snapshot: Snapshot;
  options: O;
  /** Seed for randomized algorithms: the same graph and options give the same scores. */
  seed: number;
  signal?: AbortSignal;
  /** Fraction of this family's work done, 0..1. */
  onProgress: (fraction: number) => void;
  /** Columns computed by earlier families (see `dependsOn`). */
  columns: Readonly<Record<string, Float64Array>>;
  /** Graph-level figures to keep with the score set (modularity, residuals, ...). */
  summary: Record<string, number | string | boolean | null>;
  /**
   * The time the run scores: `snapshot` is `view.snapshot`, the graph as of a date (over a window, decayed), and
   * `base` the whole stored graph, for families that compare with earlier windows (trend). computeScores always
   * gives it; a family called on its own may not.
   */
  time?: { base: Snapshot; view: TimeView; periodDays: number };
}

/**
 * A family of scores computed together by one algorithm: its declaration (definitions.ts) with the computation. The
 * defaults are the algorithm's own exported DEFAULTS, spread (as graphology's `fn.defaults`), so each default is
 * written once.
 */
export interface ScoreFamily<O extends object = Record<string, unknown>> extends FamilyDeclaration {
  /** Families whose columns this one reads. */
  dependsOn?: readonly string[];
  defaults: O;
  /** True for a family whose columns depend on the data (per channel: PER_CHANNEL_COLUMNS x channels). */
  dataColumns?: boolean;
  compute(context: FamilyContext<O>): Promise<Record<string, Float64Array>> | Record<string, Float64Array>;
}

/** Declares a family with its option type inferred from `defaults`. */
export function defineFamily<O extends object>(family: ScoreFamily<O>): ScoreFamily<O> {
  return family;
}
