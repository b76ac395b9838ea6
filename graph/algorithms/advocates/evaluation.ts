import { throwIfAborted } from '../../errors.ts';
import { formatObjective } from '../../scores/format.ts';
import type { Snapshot } from '../../snapshot.ts';
import { spreadOn, type SpreadResult } from '../diffusion/monte-carlo.ts';
import type { DiffusionGraph } from '../diffusion/probabilities.ts';
import { pagerank } from '../pagerank.ts';
import { topRanked } from './baselines.ts';
import type { SelectionRules } from './max-coverage.ts';

export interface BaselineEvaluation {
  name: 'top out-degree' | 'top influence score';
  description: string;
  ids: string[];
  spread: SpreadResult;
}

export interface AdvocateEvaluation {
  runs: number;
  seed: number;
  selection: SpreadResult;
  baselines: BaselineEvaluation[];
}

export interface EvaluationOptions {
  runs: number;
  seed: number;
  /** Evaluate the two baselines (top out-degree, top influence score) under the same rules. */
  baselines: boolean;
  /** Influence scores for the second baseline; default PageRank on the attention graph. */
  influenceScores: ArrayLike<number> | null;
  /** Lifetime values, when the value reached is estimated too. */
  values: Float64Array | null;
  /** Worker threads for the Monte Carlo runs (parallel/threads.ts); the figures are the same whatever the number. */
  threads?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number, detail: string) => void;
}

/**
 * The independent Monte Carlo evaluation of a selection (whichever engine chose it) and of two baselines of the same
 * size under the same rules: the people who influence the most others directly, and the highest PageRank.
 */
export function evaluateSelection(
  snapshot: Snapshot,
  graph: DiffusionGraph,
  seeds: Int32Array,
  rules: SelectionRules,
  options: EvaluationOptions,
): AdvocateEvaluation {
  const n = snapshot.nodeCount;
  const seedSets: Array<{ name: BaselineEvaluation['name'] | null; description: string; seeds: Int32Array }> = [
    { name: null, description: 'the selection', seeds },
  ];
  if (options.baselines) {
    const outDegree = Float64Array.from({ length: n }, (_, v) => snapshot.outDegree(v));
    seedSets.push({
      name: 'top out-degree',
      description: 'the people who influence the most others directly',
      seeds: topRanked(outDegree, rules),
    });
    throwIfAborted(options.signal);
    const influence = options.influenceScores ?? pagerank(snapshot, { signal: options.signal }).scores;
    seedSets.push({
      name: 'top influence score',
      description: 'the people with the highest PageRank on the attention graph',
      seeds: topRanked(influence, rules),
    });
  }
  const report = options.onProgress;
  const spreads = seedSets.map((set, i) =>
    spreadOn(graph, set.seeds, {
      runs: options.runs,
      seed: options.seed,
      values: options.values,
      threads: options.threads,
      signal: options.signal,
      onProgress: report && ((fraction) => report((i + fraction) / seedSets.length, set.description)),
    }),
  );
  return {
    runs: options.runs,
    seed: options.seed,
    selection: spreads[0],
    baselines: seedSets.slice(1).map((set, i) => ({
      name: set.name!,
      description: set.description,
      ids: Array.from(set.seeds, (v) => snapshot.ids.idOf(v)),
      spread: spreads[i + 1],
    })),
  };
}

/**
 * Warnings for a marketer reading the evaluation: a baseline that reached more than the selection, with their 95%
 * intervals apart. It happens where word of mouth barely travels: each advocate then reaches few people beyond
 * themself, an RR set is mostly its root, and how often each person happens to be drawn as a root varies more than the
 * small reach the choice should rest on (README, `sway advocates`). Compared on the objective's unit: people reached,
 * or value reached for the value objective.
 */
export function evaluationWarnings(evaluation: AdvocateEvaluation | null, unit: 'people' | 'value'): string[] {
  if (!evaluation) return [];
  const estimate = (spread: SpreadResult) => (unit === 'value' ? spread.value : spread.reach);
  const chosen = estimate(evaluation.selection);
  if (!chosen) return [];
  const warnings: string[] = [];
  for (const baseline of evaluation.baselines) {
    const other = estimate(baseline.spread);
    if (!other || other.ci95[0] <= chosen.ci95[1]) continue;
    warnings.push(
      `the ${baseline.name} reached more ${unit === 'value' ? 'value' : 'people'} than the advocates in the ` +
        `evaluation (${formatObjective(other.mean, unit)} against ${formatObjective(chosen.mean, unit)}, 95% ` +
        'intervals apart): where each advocate reaches few people beyond themself, the samples the choice rests on ' +
        `cannot tell the candidates apart, and the ${baseline.name} may be the better pick`,
    );
  }
  return warnings;
}
