import { InvalidOptionsError, throwIfAborted } from '../../errors.ts';
import { checkNumber, checkOneOf, withDefaults } from '../../options.ts';
import { DEFAULT_SEED } from '../../random.ts';
import type { Snapshot } from '../../snapshot.ts';
import { AliasTable } from '../diffusion/alias.ts';
import { spreadOn, type SpreadResult } from '../diffusion/monte-carlo.ts';
import {
  checkProbability,
  DIFFUSION_MODELS,
  describeProbability,
  diffusionGraph,
  type DiffusionModel,
  type ProbabilityChoice,
} from '../diffusion/probabilities.ts';
import type { RRSets } from '../diffusion/rr-sets.ts';
import { pagerank } from '../pagerank.ts';
import { topRanked } from './baselines.ts';
import { opimC } from './opim-c.ts';
import { resolveRules, type AdvocateConstraints } from './rules.ts';

export type AdvocateObjective = 'reach' | 'value';

export interface AdvocateOptions extends AdvocateConstraints {
  /** Number of advocates, must-include ones included. Default 50. */
  k?: number;
  /** Default `ic`. */
  model?: DiffusionModel;
  /** `wc` (default), `uniform:p`, `weight` (see diffusion/probabilities.ts). */
  probability?: ProbabilityChoice | string;
  /** OPIM-C stops once the certified ratio reaches (1 - 1/e or 1/2) - epsilon. Default 0.1. */
  epsilon?: number;
  /** Failure probability of the certified bounds. Default 1 / number of people (OPIM-C's choice). */
  delta?: number | null;
  /**
   * `reach` (default): expected number of people reached. `value`: expected lifetime value reached (clv), with RR-set
   * roots drawn in proportion to clv; unknown or negative clv counts 0, and with no clv known everyone counts 1.
   */
  objective?: AdvocateObjective;
  /** Seed of the RR sets. Default DEFAULT_SEED. */
  seed?: number;
  /** Monte Carlo runs evaluating the selection and the baselines; 0 skips the evaluation. Default 10,000. */
  evaluationRuns?: number;
  /** Seed of the evaluation, independent of the selection's. Default seed + 1. */
  evaluationSeed?: number | null;
  /** Evaluate the two baselines (top out-degree, top influence score). Default true. */
  baselines?: boolean;
  /** Influence scores for the second baseline; default PageRank on the attention graph. */
  influenceScores?: ArrayLike<number> | null;
  /** Most RR sets in each of OPIM-C's two collections. Default 2^24. */
  maxRRSets?: number;
  /**
   * Fewest RR sets in each collection. Default 2^15. OPIM-C stops as soon as its ratio is certified, which on epinions
   * (k = 50, epsilon 0.1) happens after 5,600 to 11,200 sets, where the selection's true spread still varies by 3%
   * from one seed to another (11,410 to 11,760 people); from 2^15 sets it is steady near 11,950, for about 40 ms more.
   * 0 gives OPIM-C's own schedule.
   */
  minRRSets?: number;
  signal?: AbortSignal;
  onProgress?: (progress: AdvocateProgress) => void;
}

export interface AdvocateProgress {
  phase: 'selecting' | 'evaluating';
  /** Of the phase, 0..1. */
  fraction: number;
  detail?: string;
}

export interface Advocate {
  rank: number;
  id: string;
  index: number;
  mustInclude: boolean;
  /** Expected gain in the objective from adding this advocate to those before (on the validation RR sets). */
  marginalGain: number;
  /** Expected objective of the advocates up to this one: the reach curve. */
  cumulative: number;
}

export interface BaselineEvaluation {
  name: 'top out-degree' | 'top influence score';
  description: string;
  ids: string[];
  spread: SpreadResult;
}

export interface AdvocateResult {
  model: DiffusionModel;
  probability: string;
  /** The model and its probabilities in words. */
  description: string;
  objective: AdvocateObjective;
  /** Unit of gains and bounds: "people" or "value". */
  unit: 'people' | 'value';
  k: number;
  advocates: Advocate[];
  /** curve[i]: the expected objective of the first i + 1 advocates. */
  curve: number[];
  guarantee: {
    algorithm: 'OPIM-C';
    /** With probability >= 1 - delta, expected objective of the selection / best feasible selection >= this. */
    certifiedRatio: number;
    targetRatio: number;
    greedyRatio: number;
    met: boolean;
    epsilon: number;
    delta: number;
    /** With probability >= 1 - delta: the selection reaches at least lowerBound, no feasible selection more than upperBound. */
    lowerBound: number;
    upperBound: number;
    rounds: number;
    maxRounds: number;
    statement: string;
  };
  rr: { sets: number; members: number; bytes: number };
  evaluation: {
    runs: number;
    seed: number;
    selection: SpreadResult;
    baselines: BaselineEvaluation[];
  } | null;
  excluded: { explicit: number; detractors: number; nonCustomers: number };
  warnings: string[];
  timings: { selectionMs: number; evaluationMs: number };
}

const DEFAULTS = {
  k: 50,
  model: 'ic' as DiffusionModel,
  probability: 'wc' as ProbabilityChoice | string,
  epsilon: 0.1,
  delta: null as number | null,
  objective: 'reach' as AdvocateObjective,
  seed: DEFAULT_SEED,
  evaluationRuns: 10_000,
  evaluationSeed: null as number | null,
  baselines: true,
  influenceScores: null as ArrayLike<number> | null,
  maxRRSets: 2 ** 24,
  minRRSets: 2 ** 15,
  exclude: undefined as readonly string[] | undefined,
  excludeDetractors: false,
  sentimentBelow: 0,
  reputation: null as ArrayLike<number> | null,
  reputationBelow: 0,
  customersOnly: false,
  mustInclude: undefined as readonly string[] | undefined,
  communities: null as ArrayLike<number> | null,
  capPerCommunity: null as number | null,
  signal: undefined as AbortSignal | undefined,
  onProgress: undefined as ((progress: AdvocateProgress) => void) | undefined,
};

const WHERE = 'selectAdvocates';

/**
 * Chooses k advocates who, once they talk about the brand, carry word of mouth furthest: OPIM-C on reverse-reachable
 * sets with a certified approximation ratio, under the marketer's constraints, then an independent Monte Carlo
 * evaluation of the selection and of two baselines (the most-followed people, the most influential by PageRank), so
 * the gain over picking by follower count is visible.
 */
export function selectAdvocates(snapshot: Snapshot, options?: AdvocateOptions): AdvocateResult {
  const o = withDefaults(DEFAULTS, options, WHERE);
  const n = snapshot.nodeCount;
  if (n === 0) throw new InvalidOptionsError(WHERE, 'the graph has nobody in it');
  const k = checkNumber(WHERE, 'k', o.k, { min: 1, integer: true });
  const model = checkOneOf(WHERE, 'model', o.model, DIFFUSION_MODELS);
  const probability = checkProbability(WHERE, o.probability);
  const epsilon = checkNumber(WHERE, 'epsilon', o.epsilon, { min: 0, max: 0.5, exclusiveMin: true });
  const delta = o.delta === null ? 1 / n : checkNumber(WHERE, 'delta', o.delta, { min: 0, max: 1, exclusiveMin: true });
  const objective = checkOneOf(WHERE, 'objective', o.objective, ['reach', 'value'] as const);
  const seed = checkNumber(WHERE, 'seed', o.seed, { integer: true });
  const evaluationRuns = checkNumber(WHERE, 'evaluationRuns', o.evaluationRuns, { min: 0, integer: true });
  const evaluationSeed =
    o.evaluationSeed === null ? seed + 1 : checkNumber(WHERE, 'evaluationSeed', o.evaluationSeed, { integer: true });
  const maxRRSets = checkNumber(WHERE, 'maxRRSets', o.maxRRSets, { min: 1, integer: true });
  const minRRSets = checkNumber(WHERE, 'minRRSets', o.minRRSets, { min: 0, integer: true });
  if (o.influenceScores && o.influenceScores.length !== n)
    throw new InvalidOptionsError(WHERE, '"influenceScores" needs one value per person');

  const started = performance.now();
  const rules = resolveRules(snapshot, k, o, WHERE);
  const warnings = [...rules.warnings];
  const values = lifetimeValues(snapshot);
  let roots: AliasTable | null = null;
  if (objective === 'value') {
    if (values) roots = new AliasTable(values);
    else warnings.push('no positive lifetime value is known: every person counts 1, as for reach');
  }
  const weightOf = (v: number): number => (roots ? values![v] : 1);

  const graph = diffusionGraph(snapshot, model, probability);
  const optimumLowerBound = ownObjectiveLowerBound(rules.eligible, rules.mustInclude, k, weightOf);
  const report = o.onProgress;
  const run = opimC(graph, roots, rules, {
    epsilon,
    delta,
    seed,
    maxRRSets,
    minRRSets,
    candidates: rules.candidates,
    optimumLowerBound,
    signal: o.signal,
    onProgress: report && ((fraction) => report({ phase: 'selecting', fraction })),
  });
  const seeds = run.selection.seeds;
  const curve = reachCurve(run.validation, seeds, n, run.scale);
  const isMust = new Set(rules.mustInclude);
  const advocates: Advocate[] = Array.from(seeds, (v, i) => ({
    rank: i + 1,
    id: snapshot.ids.idOf(v),
    index: v,
    mustInclude: isMust.has(v),
    marginalGain: curve[i] - (i > 0 ? curve[i - 1] : 0),
    cumulative: curve[i],
  }));
  const selectionMs = performance.now() - started;
  if (!run.met) {
    warnings.push(
      `the certified ratio ${run.certifiedRatio.toFixed(3)} stayed below the target ${run.targetRatio.toFixed(3)} within ${maxRRSets} RR sets`,
    );
  }

  let evaluation: AdvocateResult['evaluation'] = null;
  const evaluationStarted = performance.now();
  if (evaluationRuns > 0) {
    const seedSets: Array<{ name: BaselineEvaluation['name'] | null; description: string; seeds: Int32Array }> = [
      { name: null, description: 'the selection', seeds },
    ];
    if (o.baselines) {
      const outDegree = Float64Array.from({ length: n }, (_, v) => snapshot.outDegree(v));
      seedSets.push({
        name: 'top out-degree',
        description: 'the people who influence the most others directly',
        seeds: topRanked(outDegree, rules),
      });
      throwIfAborted(o.signal);
      const influence = o.influenceScores ?? pagerank(snapshot, { signal: o.signal }).scores;
      seedSets.push({
        name: 'top influence score',
        description: 'the people with the highest PageRank on the attention graph',
        seeds: topRanked(influence, rules),
      });
    }
    const spreads = seedSets.map((set, i) =>
      spreadOn(graph, set.seeds, {
        runs: evaluationRuns,
        seed: evaluationSeed,
        values: values,
        signal: o.signal,
        onProgress:
          report &&
          ((fraction) =>
            report({ phase: 'evaluating', fraction: (i + fraction) / seedSets.length, detail: set.description })),
      }),
    );
    evaluation = {
      runs: evaluationRuns,
      seed: evaluationSeed,
      selection: spreads[0],
      baselines: seedSets.slice(1).map((set, i) => ({
        name: set.name!,
        description: set.description,
        ids: Array.from(set.seeds, (v) => snapshot.ids.idOf(v)),
        spread: spreads[i + 1],
      })),
    };
  }

  const unit = roots ? 'value' : 'people';
  return {
    model,
    probability: describeProbability(probability),
    description: graph.description,
    objective,
    unit,
    k,
    advocates,
    curve,
    guarantee: {
      algorithm: 'OPIM-C',
      certifiedRatio: run.certifiedRatio,
      targetRatio: run.targetRatio,
      greedyRatio: run.greedyRatio,
      met: run.met,
      epsilon,
      delta,
      lowerBound: run.lowerBound,
      upperBound: run.upperBound,
      rounds: run.rounds,
      maxRounds: run.maxRounds,
      statement:
        `With probability at least ${formatProbability(1 - delta)}, these advocates reach at least ${run.certifiedRatio.toFixed(3)} ` +
        `of what the best ${k} allowed by the constraints would reach in expectation (${unit === 'value' ? 'lifetime value' : 'people'}: ` +
        `at least ${run.lowerBound.toFixed(1)}, against at most ${run.upperBound.toFixed(1)} for the best).`,
    },
    rr: { sets: run.rrSets, members: run.rrMembers, bytes: run.rrBytes },
    evaluation,
    excluded: rules.excluded,
    warnings,
    timings: { selectionMs, evaluationMs: performance.now() - evaluationStarted },
  };
}

/** Lifetime values for the value objective: unknown or negative count 0; null when no value is positive. */
export function lifetimeValues(snapshot: Snapshot): Float64Array | null {
  const clv = snapshot.attributes.clv;
  if (!clv) return null;
  const values = new Float64Array(snapshot.nodeCount);
  let any = false;
  for (let v = 0; v < values.length; v++) {
    const x = clv[v];
    values[v] = x > 0 && Number.isFinite(x) ? x : 0;
    if (values[v] > 0) any = true;
  }
  return any ? values : null;
}

/** Every seed activates itself: the must-include people's own weight plus the best free slots' own weights. */
function ownObjectiveLowerBound(
  eligible: Uint8Array,
  mustInclude: Int32Array,
  k: number,
  weightOf: (v: number) => number,
): number {
  let sum = 0;
  const must = new Set(mustInclude);
  for (const v of mustInclude) sum += weightOf(v);
  const own = new Float64Array(eligible.length);
  let count = 0;
  for (let v = 0; v < eligible.length; v++) if (eligible[v] === 1 && !must.has(v)) own[count++] = weightOf(v);
  const free = own.subarray(0, count).sort();
  for (let i = 0; i < Math.min(count, k - mustInclude.length); i++) sum += free[count - 1 - i];
  return sum;
}

/** On the validation sets: the objective reached by the first i + 1 seeds, for each i (each set counted at its first seed). */
function reachCurve(rr: RRSets, seeds: Int32Array, n: number, scale: number): number[] {
  const rank = new Int32Array(n).fill(-1);
  seeds.forEach((v, i) => {
    rank[v] = i;
  });
  const firstHits = new Float64Array(seeds.length);
  const { pool, offsets, count } = rr;
  for (let s = 0; s < count; s++) {
    let best = seeds.length;
    for (let i = offsets[s], end = offsets[s + 1]; i < end; i++) {
      const r = rank[pool[i]];
      if (r >= 0 && r < best) best = r;
    }
    if (best < seeds.length) firstHits[best]++;
  }
  const curve: number[] = [];
  let cumulative = 0;
  for (let i = 0; i < seeds.length; i++) {
    cumulative += firstHits[i];
    curve.push((cumulative * scale) / count);
  }
  return curve;
}

function formatProbability(p: number): string {
  return p >= 0.9999 ? `1 - ${(1 - p).toExponential(1)}` : p.toFixed(4);
}
