import { checkNumber, checkOneOf, RUN_OPTIONS, withDefaults } from '../../options.ts';
import { DEFAULT_SEED, Random } from '../../random.ts';
import type { Snapshot } from '../../snapshot.ts';
import { AliasTable } from './alias.ts';
import {
  checkProbability,
  DIFFUSION_MODELS,
  describeProbability,
  diffusionGraph,
  type DiffusionModel,
  type ProbabilityChoice,
} from './probabilities.ts';
import { resolveThreads } from '../../parallel/threads.ts';
import { forEachRRChunk, rrContext, type RRContext, type RRSampleOptions } from './rr-sets.ts';

export interface NetworkValueOptions {
  /** Default `ic`. */
  model?: DiffusionModel;
  /** Default `wc` (weighted cascade). */
  probability?: ProbabilityChoice | string;
  /** Relative error allowed per person (see `floor`). Default 0.1. */
  epsilon?: number;
  /** Chance, per person, that the error exceeds the bound. Default 0.01. */
  delta?: number;
  /**
   * Reach (in people) above which the relative error bound applies; below it the error is at most epsilon x floor.
   * Default max(10, people / 1,000).
   */
  floor?: number | null;
  /** Number of RR sets per estimate, overriding the count epsilon, delta and floor give. */
  rrSets?: number | null;
  seed?: number;
  /** Threads drawing RR sets, this one included; null: every core (parallel/threads.ts). The result is the same. */
  threads?: number | null;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

export interface NetworkValueResult {
  /** The value each person counts for: their clv (NaN unknown, counted 0), or 1 for everyone when no clv is known. */
  clv: Float64Array;
  /** Expected value of the other people a person's activation reaches. */
  networkValue: Float64Array;
  /** clv (unknown as 0) + networkValue. */
  totalValue: Float64Array;
  /** Expected number of people a person's activation reaches, themself included. */
  spread: Float64Array;
  /** True when lifetime values were known (otherwise everyone counted 1). */
  valuesKnown: boolean;
  model: DiffusionModel;
  probability: string;
  description: string;
  /** RR sets drawn for spread, and (with values) as many again for network value. */
  rrSets: number;
  epsilon: number;
  delta: number;
  floor: number;
  /** The error bound in words. */
  errorStatement: string;
}

/** The options' defaults (graphology's `fn.defaults`): the value score family spreads them. */
export const DEFAULTS = {
  model: 'ic' as DiffusionModel,
  probability: 'wc' as ProbabilityChoice | string,
  epsilon: 0.1,
  delta: 0.01,
  floor: null as number | null,
  rrSets: null as number | null,
  seed: DEFAULT_SEED,
  threads: null as number | null,
};

const WHERE = 'network value';

/**
 * Customer network value (Domingos and Richardson, "Mining the network value of customers", KDD 2001): what a person
 * is worth through the customers their word of mouth brings, made concrete with RR sets (Borgs et al., SODA 2014).
 *
 * With RR-set roots drawn in proportion to lifetime value (total value G), the expected value of the people v's
 * activation reaches other than v is G x Pr[v is in a random RR set and is not its root]; with uniform roots,
 * n x the same probability is v's expected reach beyond v, and spread(v) = 1 + that. A person with no lifetime value
 * known counts 0 (and 1 each when nobody has one, so network value = spread - 1).
 *
 * Error: a count X of theta RR sets is Binomial(theta, p). Bernstein's inequality gives
 * Pr[|X - theta p| >= eps theta max(p, p0)] <= 2 exp(-eps^2 theta p0 / (2 + 2 eps / 3)), so with
 * theta = (2 + 2 eps / 3) ln(2 / delta) / (eps^2 p0) and p0 = floor / n, each person's estimated reach beyond
 * themself is within eps of the truth when that reach is at least `floor` people, and within eps x floor people
 * otherwise, each with probability at least 1 - delta; network value likewise with floor x the average lifetime value.
 * The RR sets are counted as they are drawn, in chunks, so memory stays O(people) whatever theta is.
 */
export function networkValue(snapshot: Snapshot, options?: NetworkValueOptions): NetworkValueResult {
  const o = withDefaults({ ...DEFAULTS, ...RUN_OPTIONS }, options, WHERE);
  const model = checkOneOf(WHERE, 'model', o.model, DIFFUSION_MODELS);
  const probability = checkProbability(WHERE, o.probability);
  const epsilon = checkNumber(WHERE, 'epsilon', o.epsilon, { min: 0, max: 1, exclusiveMin: true });
  const delta = checkNumber(WHERE, 'delta', o.delta, { min: 0, max: 1, exclusiveMin: true });
  const seed = checkNumber(WHERE, 'seed', o.seed, { integer: true });
  const threads = resolveThreads(WHERE, o.threads);
  const n = snapshot.nodeCount;
  const floor =
    o.floor === null ? Math.max(10, n / 1000) : checkNumber(WHERE, 'floor', o.floor, { min: 0, exclusiveMin: true });
  const theta =
    o.rrSets === null
      ? Math.ceil(((2 + (2 * epsilon) / 3) * Math.log(2 / delta) * n) / (epsilon * epsilon * floor))
      : checkNumber(WHERE, 'rrSets', o.rrSets, { min: 1, integer: true });

  const clvKnown = snapshot.attributes.clv;
  const clv = new Float64Array(n);
  const weights = new Float64Array(n);
  let valuesKnown = false;
  if (clvKnown) {
    for (let v = 0; v < n; v++) {
      clv[v] = clvKnown[v];
      weights[v] = clvKnown[v] > 0 && Number.isFinite(clvKnown[v]) ? clvKnown[v] : 0;
      if (weights[v] > 0) valuesKnown = true;
    }
  }
  if (!valuesKnown) clv.fill(1);

  const graph = diffusionGraph(snapshot, model, probability);
  const seeder = new Random(seed);
  const phases = valuesKnown ? 2 : 1;
  const count = (context: RRContext, streamSeed: number, onProgress: (fraction: number) => void) =>
    countNonRootMemberships(context, { seeds: [streamSeed], sets: theta, threads, signal: o.signal }, onProgress);
  const spreadCounts = count(rrContext(graph), seeder.nextUint32(), (f) => o.onProgress?.(f / phases));
  const spread = new Float64Array(n);
  for (let v = 0; v < n; v++) spread[v] = 1 + (n * spreadCounts[v]) / theta;

  const network = new Float64Array(n);
  const total = new Float64Array(n);
  if (valuesKnown) {
    const roots = new AliasTable(weights);
    const valueCounts = count(rrContext(graph, roots), seeder.nextUint32(), (f) => o.onProgress?.((1 + f) / 2));
    for (let v = 0; v < n; v++) {
      network[v] = (roots.total * valueCounts[v]) / theta;
      total[v] = weights[v] + network[v];
    }
  } else {
    for (let v = 0; v < n; v++) {
      network[v] = spread[v] - 1;
      total[v] = 1 + network[v];
    }
  }

  const errorStatement =
    `${theta.toLocaleString('en-US')} RR sets${valuesKnown ? ' for reach and as many for value' : ''}: with probability at least ${1 - delta} each, ` +
    `a person's reach beyond themself is within ${epsilon * 100}% when it is at least ${formatFloor(floor)} people, and within ` +
    `${formatFloor(epsilon * floor)} people otherwise${valuesKnown ? '; network value likewise, with the floor times the average lifetime value' : ''}.`;
  return {
    clv,
    networkValue: network,
    totalValue: total,
    spread,
    valuesKnown,
    model,
    probability: describeProbability(probability),
    description: graph.description,
    rrSets: theta,
    epsilon,
    delta,
    floor,
    errorStatement,
  };
}

/**
 * Draws the RR sets in chunks (on every thread asked for) and counts, per person, the sets they belong to other than
 * as the root; counts are integers, so their sum does not depend on the order chunks arrive in.
 */
function countNonRootMemberships(
  context: RRContext,
  options: RRSampleOptions & { sets: number },
  onProgress: (fraction: number) => void,
): Float64Array {
  const counts = new Float64Array(context.nodeCount);
  let done = 0;
  forEachRRChunk(context, options, ({ members, ends }) => {
    for (let s = 0, start = 0; s < ends.length; start = ends[s++]) {
      for (let i = start + 1; i < ends[s]; i++) counts[members[i]]++;
    }
    done += ends.length;
    onProgress(done / options.sets);
  });
  return counts;
}

function formatFloor(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(3);
}
