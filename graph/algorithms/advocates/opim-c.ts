import { throwIfAborted } from '../../errors.ts';
import { Random } from '../../random.ts';
import type { AliasTable } from '../diffusion/alias.ts';
import type { DiffusionGraph } from '../diffusion/probabilities.ts';
import { RR_CHUNK, RRSets, rrContext, sampleRRSets } from '../diffusion/rr-sets.ts';
import { CoverageIndex } from './coverage-index.ts';
import { greedyMaxCoverage, type GreedyCoverage, type SelectionRules } from './max-coverage.ts';

export interface OpimCOptions {
  epsilon: number;
  /** Failure probability of the certified bound. */
  delta: number;
  seed: number;
  /** Threads sampling RR sets, this one included. */
  threads: number;
  /** Largest number of RR sets in each of the two collections. */
  maxRRSets: number;
  /**
   * Fewest RR sets in the selection collection R1: its first round holds max(theta_0, minRRSets). The validation
   * collection R2 follows OPIM-C's own schedule (theta_0, doubled each round), and holds at least a quarter of R1. The
   * bounds stay valid for any schedule fixed in advance (a counts the rounds possible); more sets in R1 only steady
   * the selection.
   */
  minRRSets: number;
  /** Number of people the greedy may choose from (for the union bound over seed sets). */
  candidates: number;
  /**
   * A lower bound on the best feasible objective (every seed reaches at least itself: k people, or the seeds' own
   * values under the value objective). Sets the most RR sets the theory may need, theta_max.
   */
  optimumLowerBound: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

export interface OpimCResult {
  selection: GreedyCoverage;
  /** R2, the validation sets (independent of the selection): to rank the advocates and draw the reach curve. */
  validation: RRSets;
  /** The inverted index of R1, whose memory also serves passes over R2 (ranking.ts). */
  index: CoverageIndex;
  /** What a covered RR set is worth: n, or the total value roots are drawn in proportion to. */
  scale: number;
  /** Sets of R2 covered by the selection. */
  validationCovered: number;
  /** With probability at least 1 - delta: spread(selection) >= lowerBound and spread(best) <= upperBound. */
  lowerBound: number;
  upperBound: number;
  /** lowerBound / upperBound: the approximation ratio certified for this selection. */
  certifiedRatio: number;
  /** greedyRatio - epsilon: the ratio OPIM-C stops at. */
  targetRatio: number;
  /** 1 - 1/e, or 1/2 under per-community caps (a partition matroid). */
  greedyRatio: number;
  met: boolean;
  rounds: number;
  maxRounds: number;
  /** RR sets in the selection collection R1. */
  rrSets: number;
  /** RR sets in the validation collection R2. */
  validationRRSets: number;
  rrMembers: number;
  /** Bytes held by both collections and the inverted index. */
  rrBytes: number;
}

/** ln C(n, k). */
export function logChoose(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  const kk = Math.min(k, n - k);
  let sum = 0;
  for (let i = 0; i < kk; i++) sum += Math.log((n - i) / (kk - i));
  return sum;
}

/**
 * OPIM-C (Tang, Tang, Xiao and Yuan, "Online Processing Algorithms for Influence Maximization", SIGMOD 2018,
 * Algorithm 2): two independent collections of RR sets, R1 to select on and R2 to validate with, doubled each round
 * until the selection's certified ratio reaches greedyRatio - epsilon.
 *
 * Each round: greedy max coverage on R1 gives S and an upper bound L1u on the coverage any feasible set reaches on R1;
 * R2's coverage L2 of S is an unbiased count. With a = ln(3 i_max / delta), martingale concentration gives, with
 * probability at least 1 - delta over all rounds,
 *   spread(S)   >= ((sqrt(L2 + 2a/9) - sqrt(a/2))^2 - a/18) * scale / |R2|
 *   spread(OPT) <= (sqrt(L1u + a/2) + sqrt(a/2))^2 * scale / |R1|
 * and their quotient is the ratio certified. The first round holds theta_0 = 2 (rho sqrt(ln(6/delta)) +
 * sqrt(rho (ln C(N, k) + ln(6/delta))))^2 sets (N candidates, rho the greedy's ratio), the last theta_max = theta_0 x
 * scale / (epsilon^2 x OPT lower bound), where the guarantee rho - epsilon holds with probability 1 - delta.
 *
 * The two collections need not be the same size (the bounds above hold for each size fixed in advance): R1 starts at
 * max(theta_0, minRRSets), because the selection's true spread steadies only with many sets, while R2 only has to
 * certify the ratio and rank the chosen few, so it keeps OPIM-C's schedule theta_0 x 2^(i - 1), with at least a
 * quarter of R1 so the reach curve drawn from it stays steady. On epinions (LT, k = 50) R1 holds 98,304 sets and R2
 * 24,576, where equal collections would draw 196,608: the same selection at 0.63 of the sampling.
 * Sample counts are computed in floating point (the overflow Chen, arXiv 1808.09363, found in IMM implementations).
 *
 * Value objective: roots drawn in proportion to lifetime value make scale the total value and every bound above an
 * expected value reached (Li, Zhang and Tan, VLDB 2015, weighted RR sets); the proofs are unchanged.
 */
export function opimC(
  graph: DiffusionGraph,
  roots: AliasTable | null,
  rules: SelectionRules,
  options: OpimCOptions,
): OpimCResult {
  const n = graph.snapshot.nodeCount;
  const scale = roots ? roots.total : n;
  const freeSlots = Math.max(0, Math.min(rules.k - rules.mustInclude.length, options.candidates));
  const capped = rules.community !== null && Number.isFinite(rules.capPerCommunity);
  const greedyRatio = capped ? 0.5 : 1 - 1 / Math.E;
  const trivial = freeSlots === 0 || (!capped && options.candidates <= rules.k - rules.mustInclude.length);
  const { epsilon, delta } = options;

  const logTerm = Math.log(6 / delta);
  const alpha = Math.sqrt(logTerm);
  const beta = Math.sqrt(greedyRatio * (logChoose(options.candidates, freeSlots) + logTerm));
  const theta0 = Math.ceil(2 * (greedyRatio * alpha + beta) ** 2);
  const thetaTheory = (theta0 * scale) / (epsilon * epsilon * Math.max(options.optimumLowerBound, 1e-300));
  const first = Math.min(options.maxRRSets, Math.max(1, theta0, options.minRRSets));
  const thetaMax = Math.min(options.maxRRSets, Math.max(first, thetaTheory));
  const maxRounds = Math.ceil(Math.log2(thetaMax / first)) + 1;
  /** Round i's sizes: R1 doubles from first, R2 from theta_0, never under a quarter of R1 nor over it. */
  const selectionSize = (i: number): number => Math.min(thetaMax, first * 2 ** (i - 1));
  const validationSize = (i: number): number =>
    Math.min(selectionSize(i), Math.max(theta0 * 2 ** (i - 1), selectionSize(i) / 4));
  const a = Math.log((3 * maxRounds) / delta);

  const seeder = new Random(options.seed);
  const seeds = [seeder.nextUint32(), seeder.nextUint32()];
  const context = rrContext(graph, roots);
  const r1 = new RRSets(first, first * 8);
  const r2 = new RRSets(validationSize(1), validationSize(1) * 8);
  const index = new CoverageIndex(n);
  const inSelection = new Uint8Array(n);

  let round = 0;
  let selection: GreedyCoverage;
  let lowerBound: number;
  let upperBound: number;
  let ratio: number;
  let validationCovered: number;
  for (;;) {
    round++;
    // Both collections grow to the round's sizes, rounded up to whole chunks of RR sets (any sizes fixed in advance
    // keep the bounds valid), drawn in one parallel job.
    const drawn = [r1.count / RR_CHUNK, r2.count / RR_CHUNK];
    const wanted = [selectionSize(round), validationSize(round)];
    sampleRRSets(context, [r1, r2], {
      seeds,
      firstChunk: drawn,
      sets: wanted.map((count, i) => Math.max(0, Math.ceil(count / RR_CHUNK) - drawn[i]) * RR_CHUNK),
      threads: options.threads,
      signal: options.signal,
    });
    throwIfAborted(options.signal);
    index.rebuild(r1);
    selection = greedyMaxCoverage(r1, index, rules);

    inSelection.fill(0);
    for (const v of selection.seeds) inSelection[v] = 1;
    validationCovered = index.covered(r2, inSelection);
    const lower = (Math.sqrt(validationCovered + (2 * a) / 9) - Math.sqrt(a / 2)) ** 2 - a / 18;
    const upper = (Math.sqrt(selection.upperBound + a / 2) + Math.sqrt(a / 2)) ** 2;
    lowerBound = Math.max(0, (lower * scale) / r2.count);
    upperBound = (upper * scale) / r1.count;
    // With nothing to choose (every slot must-include) or everyone chosen, the selection is the optimum.
    ratio = trivial ? 1 : upperBound > 0 ? lowerBound / upperBound : 1;
    options.onProgress?.(round / maxRounds);
    if (ratio >= greedyRatio - epsilon || round >= maxRounds) break;
  }

  return {
    selection,
    validation: r2,
    index,
    scale,
    validationCovered,
    lowerBound,
    upperBound,
    certifiedRatio: ratio,
    targetRatio: greedyRatio - epsilon,
    greedyRatio,
    met: ratio >= greedyRatio - epsilon,
    rounds: round,
    maxRounds,
    rrSets: r1.count,
    validationRRSets: r2.count,
    rrMembers: r1.size + r2.size,
    rrBytes: r1.byteSize() + r2.byteSize() + index.byteSize(),
  };
}
