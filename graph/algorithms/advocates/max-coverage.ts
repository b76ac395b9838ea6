import type { RRSets } from '../diffusion/rr-sets.ts';
import type { CoverageIndex } from './coverage-index.ts';
import { greedyKernels, HEADER, HEADER_FIELDS } from './greedy-kernel.ts';

/** Who may be chosen and how: the constraints of advocate selection, in person indices. */
export interface SelectionRules {
  /** 1 where a person may be chosen by the greedy (must-include people are added first, whatever this says). */
  eligible: Uint8Array;
  /** Chosen first, in this order; they count towards k and towards their community's cap. */
  mustInclude: Int32Array;
  /** Total number of people to choose, must-include ones included. */
  k: number;
  /** Dense community number per person, -1 for none (no cap applies); null without communities. */
  community: Int32Array | null;
  /** The most people chosen from one community (Infinity for no cap). */
  capPerCommunity: number;
}

export interface GreedyCoverage {
  /** Must-include people first, then the greedy's picks in order. */
  seeds: Int32Array;
  /** Sets newly covered by each seed in turn. */
  marginal: Int32Array;
  /** Sets covered by all the seeds. */
  covered: number;
  /**
   * An upper bound on the sets covered by the best feasible seed set: the minimum over the greedy's steps i of
   * covered(S_i) + the largest sum of marginal coverages of a set the constraints allow (OPIM-C's bound, Tang et al.
   * SIGMOD 2018, Section 4.2, extended to a per-community cap: for a partition matroid the largest sum is the best
   * `cap` marginals of each community, then the best of those overall).
   */
  upperBound: number;
}

/**
 * Greedy maximum coverage of RR sets (Nemhauser, Wolsey and Fisher 1978: a 1 - 1/e approximation of the best k sets'
 * coverage; 1/2 under a per-community cap, a partition matroid, Fisher, Nemhauser and Wolsey 1978).
 *
 * People sit in buckets by marginal coverage (doubly linked lists indexed by coverage), filed lazily: covering a set
 * only lowers its members' counts, and a person is moved down to the bucket of their true count when a scan from the
 * top meets them. Counts only fall, so a person's bucket is never below their count, and a scan that refiles whoever
 * it meets sees the true counts in decreasing order: the exact greedy (and its bound) in time linear in the size of
 * the sets, with no heap. Moving everyone at each decrement instead took twice as long on epinions (LT, 65,536
 * sets: 9.4 ms against 4.6 ms). Ties go to the person the bucket received last, which is deterministic.
 *
 * The steps run in WebAssembly (greedy-kernel.ts), on the copy of `rr` in the index's memory: `index` must have been
 * rebuilt from `rr` last.
 */
export function greedyMaxCoverage(rr: RRSets, index: CoverageIndex, rules: SelectionRules): GreedyCoverage {
  const n = index.offsets.length - 1;
  const { eligible, mustInclude, community, capPerCommunity } = rules;
  const capped = community !== null && Number.isFinite(capPerCommunity);
  const communityCount = capped ? maxOf(community!) + 1 : 0;

  // The working arrays, after the index in its memory (greedy-kernel.ts): coverage, buckets (one per coverage, which
  // never exceeds the number of sets), the lists' links, covered sets, and the rules.
  const arrays = {
    coverage: n * 4,
    bucketHead: (rr.count + 1) * 4,
    next: n * 4,
    prev: n * 4,
    filedAt: n * 4,
    coveredSet: rr.count,
    eligible: n,
    isMust: n,
    community: capped ? n * 4 : 0,
    chosenIn: communityCount * 4,
    boundAllowance: communityCount * 4,
    boundUsed: communityCount * 4,
  };
  const { header, ...addresses } = index.scratch({ header: HEADER_FIELDS * 4, ...arrays });
  const { buffer } = index.memory;
  const fields = new Int32Array(buffer, header, HEADER_FIELDS);
  for (const [name, address] of Object.entries(addresses)) fields[HEADER[name as keyof typeof arrays]] = address;
  fields[HEADER.pool] = index.at.pool;
  fields[HEADER.setOffsets] = index.at.setOffsets;
  fields[HEADER.nodeOffsets] = index.at.nodeOffsets;
  fields[HEADER.nodeSets] = index.at.nodeSets;
  fields[HEADER.capped] = capped ? 1 : 0;
  fields[HEADER.capPerCommunity] = capped ? capPerCommunity : 0;
  fields[HEADER.communityCount] = communityCount;
  new Uint8Array(buffer, fields[HEADER.coveredSet], rr.count).fill(0);
  new Uint8Array(buffer, fields[HEADER.eligible], n).set(eligible);
  const isMust = new Uint8Array(buffer, fields[HEADER.isMust], n).fill(0);
  for (const m of mustInclude) isMust[m] = 1;
  if (capped) new Int32Array(buffer, fields[HEADER.community], n).set(community!);
  const chosenIn = new Int32Array(buffer, fields[HEADER.chosenIn], communityCount).fill(0);
  const boundAllowance = new Int32Array(buffer, fields[HEADER.boundAllowance], communityCount);
  const kernels = greedyKernels(index.memory);
  kernels.init(header, n);

  const seeds: number[] = [];
  const marginal: number[] = [];
  let covered = 0;
  const take = (v: number): void => {
    const gained = kernels.take(header, v);
    seeds.push(v);
    marginal.push(gained);
    covered += gained;
  };

  // Chosen per community, and the allowance left to the optimum after the must-include people.
  for (const m of mustInclude) {
    take(m);
    if (capped && community![m] >= 0) chosenIn[community![m]]++;
  }
  if (capped) for (let c = 0; c < communityCount; c++) boundAllowance[c] = Math.max(0, capPerCommunity - chosenIn[c]);
  const freeSlots = Math.max(0, rules.k - mustInclude.length);
  fields[HEADER.freeSlots] = freeSlots;

  let upperBound = Infinity;
  for (let step = 0; step < freeSlots; step++) {
    upperBound = Math.min(upperBound, covered + kernels.completion(header));
    const v = kernels.best(header);
    if (v < 0) break;
    take(v);
    if (capped && community![v] >= 0) chosenIn[community![v]]++;
  }
  upperBound = Math.min(upperBound, covered + kernels.completion(header));

  return { seeds: Int32Array.from(seeds), marginal: Int32Array.from(marginal), covered, upperBound };
}

function maxOf(values: Int32Array): number {
  let max = -1;
  for (const v of values) if (v > max) max = v;
  return max;
}
