import { InvalidOptionsError, throwIfAborted } from '../../errors.ts';
import { checkNumber, checkOneOf, withDefaults } from '../../options.ts';
import { DEFAULT_SEED, Random } from '../../random.ts';
import type { Snapshot } from '../../snapshot.ts';
import { CascadeSimulator } from './cascade.ts';
import {
  checkProbability,
  DIFFUSION_MODELS,
  describeProbability,
  diffusionGraph,
  type DiffusionGraph,
  type DiffusionModel,
  type ProbabilityChoice,
} from './probabilities.ts';

export interface SpreadOptions {
  /** Default `ic`. */
  model?: DiffusionModel;
  /** `wc` (default), `uniform:p`, `weight`, or the object form (see probabilities.ts). */
  probability?: ProbabilityChoice | string;
  /** Number of simulated cascades. Default 10,000. */
  runs?: number;
  /** Default DEFAULT_SEED: the same seed, graph and seed set give the same estimate. */
  seed?: number;
  /** A value per person (e.g. lifetime value): the expected total value reached is estimated as well. */
  values?: Float64Array | null;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

export interface Estimate {
  mean: number;
  /** Sample standard deviation of the runs divided by sqrt(runs). */
  standardError: number;
  /** Normal-approximation 95% confidence interval: mean +- 1.96 standard errors. */
  ci95: [number, number];
}

export interface SpreadResult {
  model: DiffusionModel;
  probability: string;
  /** The model and probabilities in words. */
  description: string;
  runs: number;
  seed: number;
  /** Distinct seeds. */
  seedCount: number;
  /** People reached, seeds included. */
  reach: Estimate;
  /** Value reached (seeds included), when `values` were given. */
  value: Estimate | null;
}

const DEFAULTS = {
  model: 'ic' as DiffusionModel,
  probability: 'wc' as ProbabilityChoice | string,
  runs: 10_000,
  seed: DEFAULT_SEED,
  values: null as Float64Array | null,
  signal: undefined as AbortSignal | undefined,
  onProgress: undefined as ((fraction: number) => void) | undefined,
};

/**
 * Expected spread of a seed set (person indices) by Monte Carlo simulation of the cascade: the mean number of people
 * reached over `runs` independent runs, with a 95% confidence interval. Reproducible: runs draw from one seeded stream.
 */
export function expectedSpread(snapshot: Snapshot, seeds: ArrayLike<number>, options?: SpreadOptions): SpreadResult {
  const o = withDefaults(DEFAULTS, options, 'expectedSpread');
  const model = checkOneOf('expectedSpread', 'model', o.model, DIFFUSION_MODELS);
  const probability = checkProbability('expectedSpread', o.probability);
  return spreadOn(diffusionGraph(snapshot, model, probability), seeds, o);
}

/** expectedSpread on probabilities already resolved (callers evaluating several seed sets resolve them once). */
export function spreadOn(
  graph: DiffusionGraph,
  seeds: ArrayLike<number>,
  options: Omit<SpreadOptions, 'model' | 'probability'> = {},
): SpreadResult {
  const o = withDefaults({ ...DEFAULTS, model: undefined, probability: undefined }, options, 'expectedSpread');
  const runs = checkNumber('expectedSpread', 'runs', o.runs, { min: 1, integer: true });
  const seed = checkNumber('expectedSpread', 'seed', o.seed, { integer: true });
  const n = graph.snapshot.nodeCount;
  for (let i = 0; i < seeds.length; i++) {
    if (!Number.isInteger(seeds[i]) || seeds[i] < 0 || seeds[i] >= n) {
      throw new InvalidOptionsError('expectedSpread', `seed person index ${seeds[i]} is outside 0..${n - 1}`);
    }
  }
  const values = o.values;
  if (values && values.length !== n)
    throw new InvalidOptionsError('expectedSpread', '"values" needs one value per person');

  const simulator = new CascadeSimulator(graph);
  const rng = new Random(seed);
  const reach = new RunningMean();
  const value = values ? new RunningMean() : null;
  const progressEvery = Math.max(1, Math.floor(runs / 100));
  for (let run = 0; run < runs; run++) {
    if ((run & 63) === 0) throwIfAborted(o.signal);
    reach.add(simulator.run(seeds, rng, values));
    value?.add(simulator.lastValue);
    if (o.onProgress && (run + 1) % progressEvery === 0) o.onProgress((run + 1) / runs);
  }
  return {
    model: graph.model,
    probability: describeProbability(graph.probability),
    description: graph.description,
    runs,
    seed,
    seedCount: new Set(Array.from(seeds)).size,
    reach: reach.estimate(),
    value: value?.estimate() ?? null,
  };
}

/** Welford's running mean and variance (numerically stable for large means with small spread). */
class RunningMean {
  private count = 0;
  private mean = 0;
  private m2 = 0;

  add(x: number): void {
    this.count++;
    const delta = x - this.mean;
    this.mean += delta / this.count;
    this.m2 += delta * (x - this.mean);
  }

  estimate(): Estimate {
    const variance = this.count > 1 ? this.m2 / (this.count - 1) : 0;
    const standardError = Math.sqrt(variance / this.count);
    return {
      mean: this.mean,
      standardError,
      ci95: [this.mean - 1.96 * standardError, this.mean + 1.96 * standardError],
    };
  }
}
