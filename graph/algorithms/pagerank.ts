import { InvalidOptionsError, throwIfAborted } from '../errors.ts';
import { checkNumber, checkOneOf, withDefaults } from '../options.ts';
import { runChunks } from '../parallel/run.ts';
import { resolveThreads } from '../parallel/threads.ts';
import type { Snapshot } from '../snapshot.ts';
import { PageRankMemory, pagerankSweepTask, Sweeper, type SweepContext } from './pagerank-sweep.ts';

/**
 * PageRank (Brin and Page, 1998) on the attention graph: the reverse of the influence graph, so a person listened to by
 * many well-listened-to people ranks high. With defaults it computes the fixed point that
 * `networkx.pagerank(G, alpha=0.85)` approaches on the file's edges as given for `--kind follows|trusts`: teleport and
 * dangling mass (people who listen to nobody) are spread by the personalization vector p, uniform by default.
 *
 * Solved as the linear system x = (1-d) p + d A x, with (A x)(s) = sum over people t that s influences of
 * x(t) w(s,t) / W(t), W(t) the total weight of t's in-edges (whom t listens to), and the dangling people's columns of
 * A left empty; PageRank is x / sum(x). Spreading the dangling mass by p gives exactly this normalised solution (Del
 * Corso, Gullì and Romani, "Fast PageRank computation via a sparse linear system", Internet Mathematics 2005), and the
 * system, unlike the power iteration, lets each sweep use values already updated:
 * - `gauss-seidel` (default): each person's new value is computed from the newest values of everyone, which on
 *   epinions reaches the same tolerance in about half the sweeps of the power method. Sequential by nature.
 * - `power`: Jacobi sweeps (the power method on the system), whose people are independent within a sweep: split
 *   into fixed blocks, on `threads` threads, with the same result whatever their number.
 * Each sweep is one pass over the out-edges in WebAssembly (pagerank-sweep.ts).
 *
 * Extrapolation (`extrapolate`, default on, Gauss-Seidel only): once the sweeps contract the error at a steady rate
 * rho (the ratio of two successive changes, twice the same within 5%), the error is mostly along one direction,
 * shrinking by rho a sweep, and x + rho / (1 - rho) (x - x_previous) jumps to where those sweeps lead (Lyusternik's
 * acceleration; for PageRank, Kamvar, Haveliwala, Manning and Golub, "Extrapolation methods for accelerating PageRank
 * computations", WWW 2003). At most every EXTRAPOLATE_EVERY sweeps. On epinions it halves the sweeps to 1e-10 (69 to
 * 35), on nethept and email-eu-core too. Why Gauss-Seidel only: its sweep is a nonnegative matrix whose largest
 * eigenvalue is real and positive (Perron-Frobenius), so a steady rate means the error keeps its sign; the power
 * sweep's dA can have an eigenvalue -rho as large, whose error flips sign each sweep with the same steady rate, and
 * the jump would then push it the wrong way (on epinions the power method diverges with it). Safeguards: a jump after
 * which the change grew turns extrapolation off for the rest of the computation, and the stop never relies on a jump:
 * it follows a sweep's own change, so a bad jump costs sweeps, not accuracy.
 *
 * Stopping: a power sweep contracts the L1 distance to the fixed point by d at least (A's columns sum to at most 1),
 * so after a sweep that changed x / sum(x) by r, the distance left is at most d / (1 - d) r. It stops once that bound
 * is below `tolerance` (Gauss-Seidel sweeps contract faster: on epinions the distance left is 1.7 r, not 5.7 r), or
 * after `maxIterations` sweeps, returning its residual r, never throwing for slow convergence.
 */
export interface PageRankOptions {
  /** Damping factor d. Default 0.85. */
  damping?: number;
  /**
   * Stop when the L1 distance to the fixed point, bounded by d / (1 - d) times the last sweep's change, is below this.
   * Default 1e-10.
   */
  tolerance?: number;
  /** Most sweeps. Default 1000. */
  maxIterations?: number;
  /** Use relationship weights (W(t) becomes a weighted in-degree). Default false. */
  weighted?: boolean;
  /** Teleport (and dangling) distribution: a weight per person, normalised here; default uniform. */
  personalization?: ArrayLike<number> | null;
  /** `gauss-seidel` (default: fewest sweeps, one thread) or `power` (Jacobi sweeps, on every thread). */
  solver?: PageRankSolver;
  /** Threads of the `power` solver, this one included; null: every core (parallel/threads.ts). Same result. */
  threads?: number | null;
  /** Gauss-Seidel: extrapolate once the error shrinks at a steady rate (see above). Default true. */
  extrapolate?: boolean;
  /**
   * Ranks to start the iteration from (normalised here), e.g. the scores of a similar graph: a start near the fixed
   * point needs fewer iterations to reach the same tolerance. Default the teleport distribution.
   */
  start?: ArrayLike<number> | null;
  signal?: AbortSignal;
}

export const PAGERANK_SOLVERS = ['gauss-seidel', 'power'] as const;
export type PageRankSolver = (typeof PAGERANK_SOLVERS)[number];

export interface PageRankResult {
  /** Sums to 1. */
  scores: Float64Array;
  /** Sweeps made. */
  iterations: number;
  /** L1 change of the last sweep (of the scores, which sum to 1). */
  residual: number;
  converged: boolean;
}

/** The tunable options' defaults (graphology's `fn.defaults`): the influence score family spreads them. */
export const DEFAULTS = {
  damping: 0.85,
  tolerance: 1e-10,
  maxIterations: 1000,
  weighted: false,
  solver: 'gauss-seidel' as PageRankSolver,
  threads: null as number | null,
  extrapolate: true,
};

/** Fewest sweeps between two extrapolations: the rate is measured again on sweeps that follow the last jump. */
const EXTRAPOLATE_EVERY = 5;
/** Two successive rates within this fraction of each other count as steady. */
const STEADY_RATE = 0.05;
/** No jump at a rate this close to 1: rho / (1 - rho) would multiply the rounding error of x - x_previous. */
const MAX_RATE = 0.99;

export function pagerank(snapshot: Snapshot, options?: PageRankOptions): PageRankResult {
  const o = withDefaults(
    {
      ...DEFAULTS,
      personalization: null as ArrayLike<number> | null,
      start: null as ArrayLike<number> | null,
      signal: undefined as AbortSignal | undefined,
    },
    options,
    'PageRank',
  );
  const d = checkNumber('PageRank', 'damping', o.damping, { min: 0, max: 1, exclusiveMin: true });
  if (d >= 1) throw new InvalidOptionsError('PageRank', '"damping" must be below 1');
  const tolerance = checkNumber('PageRank', 'tolerance', o.tolerance, { min: 0, exclusiveMin: true });
  const maxIterations = checkNumber('PageRank', 'maxIterations', o.maxIterations, { min: 1, integer: true });
  const solver = checkOneOf('PageRank', 'solver', o.solver, PAGERANK_SOLVERS);
  const threads = resolveThreads('PageRank', o.threads);
  const n = snapshot.nodeCount;
  const scores = new Float64Array(n);
  if (n === 0) return { scores, iterations: 0, residual: 0, converged: true };

  const p = distribution(n, o.personalization, 'personalization');
  const start = distribution(n, o.start, 'start');
  const weighted = o.weighted;
  const extrapolating = o.extrapolate && solver === 'gauss-seidel';
  const memory = new PageRankMemory(snapshot, { weighted, blocked: solver === 'power', extrapolating });
  const { rank, invW, teleport, share, layout, blocks } = memory;
  const { inOffsets, inWeights } = snapshot;
  // One pass (in a process's first computation these loops run unoptimised): invW[s] = 1 / (total in-weight of s), 0
  // for dangling s (s listens to nobody); the teleport term, the start, and y = x / W.
  const y = share[0];
  for (let s = 0; s < n; s++) {
    let total = 0;
    if (weighted) for (let e = inOffsets[s]; e < inOffsets[s + 1]; e++) total += inWeights[e];
    else total = inOffsets[s + 1] - inOffsets[s];
    const inverse = total > 0 ? 1 / total : 0;
    invW[s] = inverse;
    const jump = p === null ? 1 / n : p[s];
    teleport[s] = (1 - d) * jump;
    const x = start === null ? jump : start[s];
    rank[s] = x;
    y[s] = x * inverse;
  }

  const context: SweepContext = { memory: memory.memory, layout, blocks, weighted };
  const sweeper = solver === 'gauss-seidel' ? new Sweeper(context) : null;
  const address = [layout.shareA, layout.shareB];
  let current = 0;
  // The change below which the distance to the fixed point is within the tolerance.
  const stopBelow = (tolerance * (1 - d)) / d;
  let residual = Infinity;
  let iterations = 0;
  // The sum of x after the last sweep (there is at least one), which every sweep computes.
  let sum = 0;
  const extrapolator =
    extrapolating && sweeper
      ? new Extrapolator(rank, memory.previous, (factor) => sweeper.extrapolate(layout.shareA, factor, n))
      : null;
  while (iterations < maxIterations) {
    throwIfAborted(o.signal);
    let change = 0;
    let total = 0;
    extrapolator?.beforeSweep(iterations);
    if (sweeper) {
      ({ change, total } = sweeper.sweep({ shareIn: address[0], shareOut: address[0], damping: d }, 0, n, 0));
    } else {
      runChunks({
        task: pagerankSweepTask,
        context,
        params: { shareIn: address[current], shareOut: address[1 - current], damping: d },
        chunks: blocks.length - 1,
        threads,
        onResult: (block) => {
          change += block.change;
          total += block.total;
        },
      });
      current = 1 - current;
    }
    iterations++;
    sum = total;
    residual = change / total;
    if (residual < stopBelow) break;
    // No jump after the last sweep allowed: the ranks returned are a sweep's, whose sum it computed.
    if (iterations < maxIterations) extrapolator?.afterSweep(iterations, residual);
  }
  for (let s = 0; s < n; s++) scores[s] = rank[s] / sum;
  return { scores, iterations, residual, converged: residual < stopBelow };
}

/**
 * Lyusternik's extrapolation of the sweeps' ranks (see pagerank): keeps the ranks before a sweep that may be followed
 * by a jump, watches the rate at which the sweeps' changes shrink, and jumps when it is steady.
 */
class Extrapolator {
  private lastJump = 0;
  private lastResidual = NaN;
  private lastRate = NaN;
  /** The change of the sweep before the last jump, and whether a jump made the next change larger than it. */
  private beforeJump = Infinity;
  private off = false;

  /**
   * `previous` receives the ranks before a sweep that may be followed by a jump; `jump(factor)` moves the ranks by
   * factor times their last change and updates what the next sweep reads.
   */
  constructor(
    private readonly rank: Float64Array,
    private readonly previous: Float64Array,
    private readonly jump: (factor: number) => void,
  ) {}

  /** Before sweep number `done` + 1: keep the ranks when a jump may follow that sweep. */
  beforeSweep(done: number): void {
    if (done + 1 - this.lastJump >= EXTRAPOLATE_EVERY) this.previous.set(this.rank);
  }

  /** After sweep `done`, whose relative change was `residual`: jumps when the rate is steady. */
  afterSweep(done: number, residual: number): void {
    if (this.off) return;
    if (done === this.lastJump + 1 && residual > this.beforeJump) {
      this.off = true;
      return;
    }
    const rate = residual / this.lastResidual;
    const steady = Math.abs(rate - this.lastRate) < STEADY_RATE * rate && rate > 0 && rate < MAX_RATE;
    this.lastResidual = residual;
    this.lastRate = rate;
    if (done - this.lastJump < EXTRAPOLATE_EVERY || !steady) return;
    this.jump(rate / (1 - rate));
    this.lastJump = done;
    this.beforeJump = residual;
  }
}

/** A per-person weight vector option (personalization, start) checked and normalised to sum 1; null when not given. */
function distribution(n: number, weights: ArrayLike<number> | null | undefined, name: string): Float64Array | null {
  if (weights === null || weights === undefined) return null;
  if (weights.length !== n) {
    throw new InvalidOptionsError(
      'PageRank',
      `"${name}" must have one weight per person (${n}), got ${weights.length}`,
    );
  }
  const p = Float64Array.from(weights);
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (!(p[i] >= 0) || !Number.isFinite(p[i]))
      throw new InvalidOptionsError('PageRank', `"${name}" weight ${i} must be finite and >= 0`);
    total += p[i];
  }
  if (total <= 0) throw new InvalidOptionsError('PageRank', `"${name}" must have a positive total`);
  for (let i = 0; i < n; i++) p[i] /= total;
  return p;
}

export interface InfluenceContribution {
  /** Snapshot index of the listener who passes rank on. */
  index: number;
  /** Rank this listener passes to the person. */
  contribution: number;
  /** Fraction of the person's PageRank. */
  share: number;
}

export interface InfluenceExplanation {
  pagerank: number;
  /** The listeners contributing most, largest first. */
  contributors: InfluenceContribution[];
  /** Share of rank from the random jump and from dangling people (everyone gets some). */
  baselineShare: number;
  /** Share of rank from listeners beyond the `limit` shown. */
  otherShare: number;
}

/**
 * Why a person has the PageRank they have: the terms of their fixed-point equation, i.e. each listener's contribution
 * d rank(t) w / W(t), sorted, plus the uniform baseline. Shares add up to 1 at the fixed point.
 */
export function explainInfluence(
  snapshot: Snapshot,
  scores: Float64Array,
  person: number,
  options: { damping?: number; weighted?: boolean; limit?: number } = {},
): InfluenceExplanation {
  const d = options.damping ?? 0.85;
  const limit = options.limit ?? 10;
  const weighted = options.weighted ?? false;
  const n = snapshot.nodeCount;
  if (!(person >= 0 && person < n))
    throw new InvalidOptionsError('influence explanation', `person index ${person} is outside 0..${n - 1}`);
  const { outOffsets, outTargets, outWeights, inOffsets, inWeights } = snapshot;
  const rank = scores[person];
  const contributors: InfluenceContribution[] = [];
  let fromListeners = 0;
  for (let e = outOffsets[person]; e < outOffsets[person + 1]; e++) {
    const t = outTargets[e];
    let total = 0;
    if (weighted) for (let f = inOffsets[t]; f < inOffsets[t + 1]; f++) total += inWeights[f];
    else total = inOffsets[t + 1] - inOffsets[t];
    const contribution = (d * scores[t] * (weighted ? outWeights[e] : 1)) / total;
    fromListeners += contribution;
    contributors.push({ index: t, contribution, share: rank > 0 ? contribution / rank : 0 });
  }
  contributors.sort((a, b) => b.contribution - a.contribution || a.index - b.index);
  const shown = contributors.slice(0, limit);
  const shownShare = shown.reduce((sum, c) => sum + c.share, 0);
  const listenersShare = rank > 0 ? fromListeners / rank : 0;
  return {
    pagerank: rank,
    contributors: shown,
    baselineShare: Math.max(0, 1 - listenersShare),
    otherShare: Math.max(0, listenersShare - shownShare),
  };
}
