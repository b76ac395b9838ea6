import type { AdvocateOptions, AdvocateResult } from '../../graph/algorithms/advocates/select.ts';
import type { IdIndex } from '../../graph/ids.ts';
import type { ScoreTimeOptions } from '../../graph/scores/compute.ts';
import type { ScoreSet } from '../../graph/scores/types.ts';
import type { Snapshot } from '../../graph/snapshot.ts';
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
  /** The engine's own settings (the Spark engine: master, work folder, input...); each engine checks its own. */
  settings?: EngineSettings;
}

/** An engine's own settings, as plain data (a job worker receives them as they are). */
export type EngineSettings = Readonly<Record<string, unknown>>;

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
  /**
   * Starts what this process computes with, without waiting, before the use case loads its graph (the local engine:
   * a worker thread per extra core, which takes about 0.3 s, so the loading hides it).
   */
  prepare(settings?: EngineSettings): void;
  computeScores(store: GraphStore, request: ScoreRequest, hooks?: Hooks): Promise<ComputedScores>;
  /**
   * An advocate selection on the graph the use case loaded (its constraints read from the current scores), evaluated by
   * Sway's own Monte Carlo whichever engine selected. Progress comes through `options.onProgress`.
   */
  selectAdvocates(snapshot: Snapshot, options: AdvocateOptions, settings?: EngineSettings): Promise<AdvocateResult>;
}
