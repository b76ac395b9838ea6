import { InvalidOptionsError } from '../../errors.ts';
import { checkNumber, checkOneOf, withDefaults } from '../../options.ts';
import { runChunks } from '../../parallel/run.ts';
import { shareable } from '../../parallel/shared.ts';
import { defineTask } from '../../parallel/task.ts';
import { resolveThreads } from '../../parallel/threads.ts';
import { DEFAULT_SEED, Random, streamSeed } from '../../random.ts';
import type { Snapshot } from '../../snapshot.ts';
import { CascadeSimulator, cascadeContext, type CascadeContext } from './cascade.ts';
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
  /** Threads simulating, this one included; null: every core (parallel/threads.ts). The estimate is the same. */
  threads?: number | null;
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
  threads: null as number | null,
  signal: undefined as AbortSignal | undefined,
  onProgress: undefined as ((fraction: number) => void) | undefined,
};

/**
 * Expected spread of a seed set (person indices) by Monte Carlo simulation of the cascade: the mean number of people
 * reached over `runs` independent runs, with a 95% confidence interval. Runs go in chunks of RUN_CHUNK, chunk i drawing
 * from the stream streamSeed(seed, i), and chunk statistics are combined in chunk order: the same seed gives the same
 * estimate whatever the number of threads.
 */
export function expectedSpread(snapshot: Snapshot, seeds: ArrayLike<number>, options?: SpreadOptions): SpreadResult {
  const o = withDefaults(DEFAULTS, options, 'expected reach');
  const model = checkOneOf('expected reach', 'model', o.model, DIFFUSION_MODELS);
  const probability = checkProbability('expected reach', o.probability);
  return spreadOn(diffusionGraph(snapshot, model, probability), seeds, o);
}

/** expectedSpread on probabilities already resolved (callers evaluating several seed sets resolve them once). */
export function spreadOn(
  graph: DiffusionGraph,
  seeds: ArrayLike<number>,
  options: Omit<SpreadOptions, 'model' | 'probability'> = {},
): SpreadResult {
  const o = withDefaults({ ...DEFAULTS, model: undefined, probability: undefined }, options, 'expected reach');
  const runs = checkNumber('expected reach', 'runs', o.runs, { min: 1, integer: true });
  const seed = checkNumber('expected reach', 'seed', o.seed, { integer: true });
  const n = graph.snapshot.nodeCount;
  for (let i = 0; i < seeds.length; i++) {
    if (!Number.isInteger(seeds[i]) || seeds[i] < 0 || seeds[i] >= n) {
      throw new InvalidOptionsError('expected reach', `seed person index ${seeds[i]} is outside 0..${n - 1}`);
    }
  }
  const values = o.values;
  if (values && values.length !== n)
    throw new InvalidOptionsError('expected reach', '"values" needs one value per person');

  const threads = resolveThreads('expectedSpread', o.threads);
  const reach = new RunningMean();
  const value = values ? new RunningMean() : null;
  const chunks = Math.ceil(runs / RUN_CHUNK);
  runChunks({
    task: cascadeRunsTask,
    context: cascadeContext(graph),
    params: { seeds: Int32Array.from(seeds), values: values && shareable(values), seed, runs },
    chunks,
    threads,
    signal: o.signal,
    onResult: (chunk, i) => {
      reach.merge(chunk.reach);
      if (value && chunk.value) value.merge(chunk.value);
      o.onProgress?.((i + 1) / chunks);
    },
  });
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

/** Simulations per chunk of parallel work. */
const RUN_CHUNK = 256;

interface RunsParams {
  seeds: Int32Array;
  values: Float64Array | null;
  seed: number;
  runs: number;
}

export const cascadeRunsTask = defineTask({
  name: 'cascade-runs',
  prepare: (context: CascadeContext) => new CascadeSimulator(context),
  run(simulator, params: RunsParams, chunk: number) {
    const rng = new Random(streamSeed(params.seed, chunk));
    const reach = new RunningMean();
    const value = params.values ? new RunningMean() : null;
    const end = Math.min(params.runs, (chunk + 1) * RUN_CHUNK);
    for (let run = chunk * RUN_CHUNK; run < end; run++) {
      reach.add(simulator.run(params.seeds, rng, params.values));
      value?.add(simulator.lastValue);
    }
    return { reach: reach.moments(), value: value?.moments() ?? null };
  },
});

interface Moments {
  count: number;
  mean: number;
  m2: number;
}

/**
 * Welford's running mean and variance (numerically stable for large means with small spread), and Chan, Golub and
 * LeVeque's combination of two such summaries (1979) for chunks computed apart.
 */
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

  merge(other: Moments): void {
    if (other.count === 0) return;
    if (this.count === 0) {
      ({ count: this.count, mean: this.mean, m2: this.m2 } = other);
      return;
    }
    const count = this.count + other.count;
    const delta = other.mean - this.mean;
    this.mean += (delta * other.count) / count;
    this.m2 += other.m2 + (delta * delta * this.count * other.count) / count;
    this.count = count;
  }

  moments(): Moments {
    return { count: this.count, mean: this.mean, m2: this.m2 };
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
