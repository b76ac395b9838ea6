import type { IdIndex } from '../../graph/ids.ts';
import type { ScoreTimeOptions } from '../../graph/scores/compute.ts';
import type { ScoreSet } from '../../graph/scores/types.ts';
import type { Hooks } from '../hooks.ts';
import type { GraphStore } from '../stores/contract.ts';

/** What to compute: the families (with their dependencies), the seed, and options over the families' defaults. */
export interface ScoreRequest {
  /** Family ids; default all. */
  only?: readonly string[];
  seed: number;
  /** Per-family options, keyed by family id, merged over each family's defaults. */
  options?: Record<string, Record<string, unknown>>;
  /** The time to score (as of, window, half-life; graph/views/time.ts); default the whole graph as stored. */
  time?: ScoreTimeOptions;
}

/** A score set computed by an engine, not yet published. */
export interface ComputedScores {
  set: ScoreSet;
  /** The set's ids as an index (row i is `ids.idOf(i)`), to align other score versions with the set. */
  ids: IdIndex;
  people: number;
  relationships: number;
  /** Milliseconds of the engine's two phases. */
  phasesMs: { load: number; compute: number };
}

/**
 * Where score sets are computed. The use cases (score, rescore) choose an engine and publish what it returns through
 * the store; an engine only reads. The local engine (local.ts) streams the store into a snapshot and runs the score
 * families in this process; another engine (a Spark cluster, say) may write the graph out, compute elsewhere and read a
 * score set back. Phases reported: `load`, then `compute` (with progress).
 */
export interface Engine {
  readonly name: string;
  computeScores(store: GraphStore, request: ScoreRequest, hooks?: Hooks): Promise<ComputedScores>;
}
