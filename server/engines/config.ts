import { selectAdvocates, type AdvocateOptions, type AdvocateResult } from '../../graph/algorithms/advocates/select.ts';
import { InvalidOptionsError } from '../../graph/errors.ts';
import { computeScores, type ComputeScoresOptions } from '../../graph/scores/compute.ts';
import type { ScoreSet } from '../../graph/scores/types.ts';
import type { Snapshot } from '../../graph/snapshot.ts';
import { computeScoresOnSpark, selectAdvocatesOnSpark, type AppEvent, type SparkEngineOptions } from './spark/index.ts';

/**
 * Which engine computes score sets and advocate selections: Sway's own (local, in this process) or the Spark
 * application (server/engines/spark). A plain object, so that the server hands it to job workers as it is.
 */
export interface EngineConfig {
  engine: EngineName;
  /** The Spark engine's options (master, work folder, ...); ignored by the local engine. */
  spark?: Partial<SparkEngineOptions>;
}

export const ENGINES = ['local', 'spark'] as const;
export type EngineName = (typeof ENGINES)[number];
export const LOCAL_ENGINE: EngineConfig = { engine: 'local' };

export function checkEngine(name: string): EngineName {
  if (!(ENGINES as readonly string[]).includes(name))
    throw new InvalidOptionsError('engine', `must be ${ENGINES.join(' or ')}, got "${name}"`);
  return name as EngineName;
}

/** Whether the engine reads a graph already on the cluster, so that Sway loads none. */
export function readsOwnGraph(config: EngineConfig): boolean {
  return config.engine === 'spark' && !!config.spark?.input;
}

export interface EngineScoreOptions extends ComputeScoresOptions {
  /** Each line of the Spark application's progress (stages, tasks). */
  onSparkEvent?: (event: AppEvent) => void;
}

/** A score set from the chosen engine; `snapshot` is null only when the engine reads its own graph. */
export function computeScoresWith(
  config: EngineConfig,
  snapshot: Snapshot | null,
  options: EngineScoreOptions,
): Promise<ScoreSet> {
  if (config.engine === 'spark') return computeScoresOnSpark(snapshot, { ...options, spark: config.spark });
  if (!snapshot) throw new InvalidOptionsError('engine', 'the local engine needs the graph loaded');
  const { onSparkEvent: _ignored, ...local } = options;
  return computeScores(snapshot, local);
}

/** An advocate selection (with Sway's Monte Carlo evaluation) from the chosen engine. */
export async function selectAdvocatesWith(
  config: EngineConfig,
  snapshot: Snapshot,
  options: AdvocateOptions & { onSparkEvent?: (event: AppEvent) => void },
): Promise<AdvocateResult> {
  const { onSparkEvent, ...rest } = options;
  if (config.engine === 'spark')
    return selectAdvocatesOnSpark(snapshot, { ...rest, spark: config.spark, onSparkEvent });
  return selectAdvocates(snapshot, rest);
}
