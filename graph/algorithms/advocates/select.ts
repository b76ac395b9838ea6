import { InvalidOptionsError } from '../../errors.ts';
import { checkNumber, checkOneOf, withDefaults } from '../../options.ts';
import { DEFAULT_SEED } from '../../random.ts';
import { formatCount, formatObjective } from '../../scores/format.ts';
import type { Snapshot } from '../../snapshot.ts';
import { AliasTable } from '../diffusion/alias.ts';
import {
  checkProbability,
  DIFFUSION_MODELS,
  describeProbability,
  diffusionGraph,
  type DiffusionGraph,
  type DiffusionModel,
  type ProbabilityChoice,
} from '../diffusion/probabilities.ts';
import { resolveThreads } from '../../parallel/threads.ts';
import { evaluateSelection, evaluationWarnings, type AdvocateEvaluation } from './evaluation.ts';
import type { SelectionRules } from './max-coverage.ts';
import { opimC } from './opim-c.ts';
import { rankSelection } from './ranking.ts';
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
  /**
   * Threads sampling RR sets and simulating the evaluation, this one included; null (default): every core
   * (parallel/threads.ts). The advocates and figures are the same whatever the number.
   */
  threads?: number | null;
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
   * Fewest RR sets in the collection the advocates are chosen on (R1). Default (null) 2^15 for IC and 3 x 2^15 for LT;
   * the collection that certifies and ranks them (R2) holds a quarter as many, or OPIM-C's own schedule if that is
   * more (opim-c.ts). OPIM-C stops as soon as its ratio is certified, which on epinions (k = 50, epsilon 0.1) happens
   * after 5,600 to 11,200 sets, where the selection's true spread still varies by 3% from one seed to another (IC:
   * 11,410 to 11,760 people); from 2^15 sets it is steady near 11,950 for IC. LT sets are short backward walks (a few
   * people each), cheap one by one, and the LT selection needs more of them to steady (epinions, the default seed and
   * seeds 11 and 12, 10,000 Monte Carlo runs each: 16,227 / 16,169 / 16,258 people with 2^15 sets, 16,209 / 16,266 /
   * 16,238 with 2^16, 16,273 / 16,294 / 16,288 with 3 x 2^15, 16,263 / 16,330 / 16,292 with 2^17). 0 gives OPIM-C's
   * own schedule.
   */
  minRRSets?: number | null;
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
  /**
   * What this advocate adds to the objective of the advocates above them, estimated on RR sets independent of the
   * choice (ranking.ts). Advocates are listed so that it never rises down the list, must-include people aside (they
   * come first whatever they add).
   */
  marginalGain: number;
  /** The gains up to this advocate added up: the expected objective of the advocates so far, the reach curve. */
  cumulative: number;
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
  /**
   * curve[i]: the expected objective of the first i + 1 advocates (in the order listed), on RR sets independent of the
   * choice; the independent Monte Carlo evaluation (`evaluation`) checks the whole selection's figure.
   */
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
    /**
     * With probability >= 1 - delta: the selection reaches at least lowerBound, no feasible selection more than
     * upperBound.
     */
    lowerBound: number;
    upperBound: number;
    rounds: number;
    maxRounds: number;
    statement: string;
  };
  /** RR sets that chose the advocates (R1) and that certified and ranked them (R2); members and bytes of both. */
  rr: { sets: number; validationSets: number; members: number; bytes: number };
  evaluation: AdvocateEvaluation | null;
  excluded: { explicit: number; detractors: number; nonCustomers: number };
  warnings: string[];
  timings: { selectionMs: number; evaluationMs: number };
}

/**
 * The options' defaults (graphology's `fn.defaults`), the one place they are written: the advocates use case's schema
 * (CLI and API) reads them.
 */
export const DEFAULTS = {
  k: 50,
  model: 'ic' as DiffusionModel,
  probability: 'wc' as ProbabilityChoice | string,
  epsilon: 0.1,
  delta: null as number | null,
  objective: 'reach' as AdvocateObjective,
  seed: DEFAULT_SEED,
  threads: null as number | null,
  evaluationRuns: 10_000,
  evaluationSeed: null as number | null,
  baselines: true,
  influenceScores: null as ArrayLike<number> | null,
  maxRRSets: 2 ** 24,
  minRRSets: null as number | null,
  exclude: undefined as readonly string[] | undefined,
  excludeDetractors: false,
  sentimentBelow: 0,
  reputation: null as ArrayLike<number> | null,
  reputationBelow: 0,
  customersOnly: false,
  mustInclude: undefined as readonly string[] | undefined,
  communities: null as ArrayLike<number> | null,
  capPerCommunity: null as number | null,
};

const WHERE = 'advocates';

/** See `minRRSets`. */
const DEFAULT_MIN_RR_SETS: Record<DiffusionModel, number> = { ic: 2 ** 15, lt: 3 * 2 ** 15 };

/**
 * Chooses k advocates who, once they talk about the brand, carry word of mouth furthest: OPIM-C on reverse-reachable
 * sets with a certified approximation ratio, under the marketer's constraints, then an independent Monte Carlo
 * evaluation of the selection and of two baselines (the most-followed people, the most influential by PageRank), so
 * the gain over picking by follower count is visible.
 */
export function selectAdvocates(snapshot: Snapshot, options?: AdvocateOptions): AdvocateResult {
  const settings = resolveAdvocateOptions(snapshot, options);
  const { o, k, model, probability, epsilon, delta, objective, seed, threads, maxRRSets, minRRSets } = settings;

  const started = performance.now();
  const rules = resolveRules(snapshot, k, o, WHERE);
  const warnings = [...rules.warnings];
  const values = lifetimeValues(snapshot);
  let roots: AliasTable | null = null;
  if (objective === 'value') {
    if (values) roots = new AliasTable(values);
    else warnings.push('no positive lifetime value is known: every person counts 1, as for reach');
  }
  const weightOf = roots ? (v: number): number => values![v] : null;

  const graph = diffusionGraph(snapshot, model, probability);
  const optimumLowerBound = ownObjectiveLowerBound(rules.eligible, rules.mustInclude, k, weightOf);
  const report = o.onProgress;
  const run = opimC(graph, roots, rules, {
    epsilon,
    delta,
    seed,
    threads,
    maxRRSets,
    minRRSets,
    candidates: rules.candidates,
    optimumLowerBound,
    signal: o.signal,
    onProgress: report && ((fraction) => report({ phase: 'selecting', fraction })),
  });
  // Listed by what each adds to those above, on the validation sets; a covered set is worth scale / |R2|.
  const ranked = rankSelection(run.validation, run.selection.seeds, rules.mustInclude.length, run.index);
  const seeds = ranked.order;
  const gains = Array.from(ranked.gains, (covered) => (covered * run.scale) / run.validation.count);
  const curve: number[] = [];
  let total = 0;
  for (const gain of gains) curve.push((total += gain));
  const isMust = new Set(rules.mustInclude);
  const advocates: Advocate[] = Array.from(seeds, (v, i) => ({
    rank: i + 1,
    id: snapshot.ids.idOf(v),
    index: v,
    mustInclude: isMust.has(v),
    marginalGain: gains[i],
    cumulative: curve[i],
  }));
  const selectionMs = performance.now() - started;
  if (!run.met) {
    warnings.push(
      `the certified ratio ${run.certifiedRatio.toFixed(3)} stayed below the target ${run.targetRatio.toFixed(3)} within ${formatCount(maxRRSets)} RR sets`,
    );
  }

  const evaluationStarted = performance.now();
  const evaluation = evaluationFor(snapshot, graph, seeds, rules, settings);
  const unit = roots ? 'value' : 'people';
  warnings.push(...evaluationWarnings(evaluation, unit));
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
      statement: guaranteeStatement(k, unit, delta, run),
    },
    rr: { sets: run.rrSets, validationSets: run.validationRRSets, members: run.rrMembers, bytes: run.rrBytes },
    evaluation,
    excluded: rules.excluded,
    warnings,
    timings: { selectionMs, evaluationMs: performance.now() - evaluationStarted },
  };
}

/** Every option of selectAdvocates checked, with its default (whichever engine selects). */
export function resolveAdvocateOptions(snapshot: Snapshot, options?: AdvocateOptions) {
  const o = withDefaults(
    {
      ...DEFAULTS,
      signal: undefined as AbortSignal | undefined,
      onProgress: undefined as ((progress: AdvocateProgress) => void) | undefined,
    },
    options,
    WHERE,
  );
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
  const threads = resolveThreads(WHERE, o.threads);
  const minRRSets =
    o.minRRSets === null
      ? DEFAULT_MIN_RR_SETS[model]
      : checkNumber(WHERE, 'minRRSets', o.minRRSets, { min: 0, integer: true });
  if (o.influenceScores && o.influenceScores.length !== n)
    throw new InvalidOptionsError(WHERE, '"influenceScores" needs one value per person');
  return {
    o,
    k,
    model,
    probability,
    epsilon,
    delta,
    objective,
    seed,
    threads,
    evaluationRuns,
    evaluationSeed,
    maxRRSets,
    minRRSets,
  };
}

/** The independent Monte Carlo evaluation the options ask for (null with no runs), whichever engine selected. */
export function evaluationFor(
  snapshot: Snapshot,
  graph: DiffusionGraph,
  seeds: Int32Array,
  rules: SelectionRules,
  settings: ReturnType<typeof resolveAdvocateOptions>,
): AdvocateEvaluation | null {
  const { o, evaluationRuns, evaluationSeed, threads } = settings;
  if (evaluationRuns === 0) return null;
  const report = o.onProgress;
  return evaluateSelection(snapshot, graph, seeds, rules, {
    runs: evaluationRuns,
    seed: evaluationSeed,
    baselines: o.baselines,
    influenceScores: o.influenceScores,
    values: lifetimeValues(snapshot),
    threads,
    signal: o.signal,
    onProgress: report && ((fraction, detail) => report({ phase: 'evaluating', fraction, detail })),
  });
}

/** What the certified ratio means, in words. */
export function guaranteeStatement(
  k: number,
  unit: 'people' | 'value',
  delta: number,
  bounds: { certifiedRatio: number; lowerBound: number; upperBound: number },
): string {
  return (
    `With probability at least ${formatProbability(1 - delta)}, these advocates reach at least ${bounds.certifiedRatio.toFixed(3)} ` +
    `of what the best ${k} allowed by the constraints would reach in expectation (${unit === 'value' ? 'lifetime value' : 'people'}: ` +
    `at least ${formatObjective(bounds.lowerBound, unit)}, against at most ${formatObjective(bounds.upperBound, unit)} for the best).`
  );
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

/**
 * Every seed activates itself: the must-include people's own weight plus the best free slots' own weights. For reach
 * every weight is 1, so no sorting: the free slots that eligible people can fill.
 */
function ownObjectiveLowerBound(
  eligible: Uint8Array,
  mustInclude: Int32Array,
  k: number,
  weightOf: ((v: number) => number) | null,
): number {
  const must = new Set(mustInclude);
  const slots = k - mustInclude.length;
  if (weightOf === null) {
    let count = 0;
    for (let v = 0; v < eligible.length && count < slots; v++) if (eligible[v] === 1 && !must.has(v)) count++;
    return mustInclude.length + count;
  }
  let sum = 0;
  for (const v of mustInclude) sum += weightOf(v);
  const own = new Float64Array(eligible.length);
  let count = 0;
  for (let v = 0; v < eligible.length; v++) if (eligible[v] === 1 && !must.has(v)) own[count++] = weightOf(v);
  const free = own.subarray(0, count).sort();
  for (let i = 0; i < Math.min(count, slots); i++) sum += free[count - 1 - i];
  return sum;
}

function formatProbability(p: number): string {
  return p >= 0.9999 ? `1 - ${(1 - p).toExponential(1)}` : p.toFixed(4);
}
