import { InvalidOptionsError } from '../../errors.ts';
import type { Estimate } from '../diffusion/monte-carlo.ts';
import { meanEstimate } from './intervals.ts';

/**
 * Counting what the worlds of a spread estimate reach: per person (in how many worlds they were reached) and per
 * community (how many of its members each world reached, summed and squared over the worlds). Every sum is a sum of
 * integers, exact in doubles, so chunks of worlds added in any order, or on any thread, give identical results.
 */

/** Community labels (one per person, NaN or negative: none) numbered densely as groups 0..count-1. */
export class CommunityGroups {
  /** Group of each person, -1 for none. */
  readonly groupOf: Int32Array;
  /** The label of each group, in increasing label order. */
  readonly labels: number[];
  /** Members of each group. */
  readonly sizes: Int32Array;

  constructor(labels: ArrayLike<number>, n: number, where: string) {
    if (labels.length !== n) throw new InvalidOptionsError(where, '"communities" needs one label per person');
    const distinct = new Set<number>();
    for (let v = 0; v < n; v++) {
      const label = labels[v];
      if (Number.isNaN(label) || label < 0) continue;
      if (!Number.isInteger(label))
        throw new InvalidOptionsError(where, `community label ${label} of person ${v} is not an integer`);
      distinct.add(label);
    }
    this.labels = [...distinct].sort((a, b) => a - b);
    const groupOfLabel = new Map(this.labels.map((label, g) => [label, g]));
    this.groupOf = new Int32Array(n);
    this.sizes = new Int32Array(this.labels.length);
    for (let v = 0; v < n; v++) {
      const g = groupOfLabel.get(labels[v]) ?? -1;
      this.groupOf[v] = g;
      if (g >= 0) this.sizes[g]++;
    }
  }

  get count(): number {
    return this.labels.length;
  }
}

/** What counting per group needs of CommunityGroups (a worker thread receives only these). */
export type GroupsOfPeople = Pick<CommunityGroups, 'groupOf' | 'count'>;

/** The people one world reached, counted per group (and in all), with the list of groups touched to reset cheaply. */
export class WorldCounts {
  total = 0;
  readonly counts: Int32Array;
  readonly touched: Int32Array;
  touchedCount = 0;

  constructor(private readonly groups: GroupsOfPeople | null) {
    const count = groups?.count ?? 0;
    this.counts = new Int32Array(count);
    this.touched = new Int32Array(count);
  }

  clear(): void {
    for (let i = 0; i < this.touchedCount; i++) this.counts[this.touched[i]] = 0;
    this.touchedCount = 0;
    this.total = 0;
  }

  /**
   * Counts the people[0..count) one world reached (after clear); with `reached`, also adds one world to each of those
   * people's counts, in the same pass (one walk over the list instead of two: it is the tally's inner loop).
   */
  countPeople(people: Int32Array, count: number, reached: Uint32Array | null = null): void {
    this.total = count;
    if (this.groups === null) {
      if (reached !== null) for (let i = 0; i < count; i++) reached[people[i]]++;
      return;
    }
    const { groupOf } = this.groups;
    const { counts, touched } = this;
    let touchedCount = this.touchedCount;
    if (reached === null) {
      for (let i = 0; i < count; i++) {
        const g = groupOf[people[i]];
        if (g >= 0 && counts[g]++ === 0) touched[touchedCount++] = g;
      }
    } else {
      for (let i = 0; i < count; i++) {
        const v = people[i];
        reached[v]++;
        const g = groupOf[v];
        if (g >= 0 && counts[g]++ === 0) touched[touchedCount++] = g;
      }
    }
    this.touchedCount = touchedCount;
  }
}

/** Sums over worlds of a per-world count x (or a paired difference x = a - b), per group and in all. */
export class WorldMoments {
  /** Index `groups` holds the count over everyone. */
  readonly sum: Float64Array;
  readonly sumOfSquares: Float64Array;
  private readonly everyone: number;

  constructor(groups: number) {
    this.everyone = groups;
    this.sum = new Float64Array(groups + 1);
    this.sumOfSquares = new Float64Array(groups + 1);
  }

  /** x = the world's counts. */
  add(world: WorldCounts): void {
    for (let i = 0; i < world.touchedCount; i++) {
      const g = world.touched[i];
      const x = world.counts[g];
      this.sum[g] += x;
      this.sumOfSquares[g] += x * x;
    }
    this.sum[this.everyone] += world.total;
    this.sumOfSquares[this.everyone] += world.total * world.total;
  }

  /** x = a's counts minus b's, for two seed sets in the same world (groups touched by either). */
  addDifference(a: WorldCounts, b: WorldCounts): void {
    for (let i = 0; i < a.touchedCount; i++) {
      const g = a.touched[i];
      const x = a.counts[g] - b.counts[g];
      this.sum[g] += x;
      this.sumOfSquares[g] += x * x;
    }
    for (let i = 0; i < b.touchedCount; i++) {
      const g = b.touched[i];
      if (a.counts[g] !== 0) continue; // counted with a's groups
      const x = -b.counts[g];
      this.sum[g] += x;
      this.sumOfSquares[g] += x * x;
    }
    const x = a.total - b.total;
    this.sum[this.everyone] += x;
    this.sumOfSquares[this.everyone] += x * x;
  }

  merge(other: WorldMoments): void {
    this.mergeSums(other.sum, other.sumOfSquares);
  }

  /** Adds the sums of another tally over disjoint worlds (as a worker thread sends them back). */
  mergeSums(sum: Float64Array, sumOfSquares: Float64Array): void {
    for (let g = 0; g < this.sum.length; g++) {
      this.sum[g] += sum[g];
      this.sumOfSquares[g] += sumOfSquares[g];
    }
  }

  /** Mean over `worlds` of group g's count (g = groups: everyone), its interval clipped to [low, high]. */
  estimate(g: number, worlds: number, low: number, high: number): Estimate {
    return meanEstimate(this.sum[g], this.sumOfSquares[g], worlds, low, high);
  }

  /** The estimate over everyone. */
  everyoneEstimate(worlds: number, low: number, high: number): Estimate {
    return this.estimate(this.everyone, worlds, low, high);
  }
}
