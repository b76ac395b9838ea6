import { InvalidOptionsError } from '../errors.ts';
import { checkNumber, checkOneOf, withDefaults } from '../options.ts';
import type { Snapshot } from '../snapshot.ts';

/**
 * Lookalikes: the people most like a person, or a set of people (chosen advocates), by their position in the
 * network — whom they influence and who influences them.
 *
 * Neighbourhoods. On the influence graph (source influences target), person x has listeners L(x), the people x
 * influences (x's out-neighbours), and influencers I(x), the people who influence x (in-neighbours).
 * - `directed` (default): the two directions are compared separately, so two people are alike when they reach the
 *   same audience and listen to the same voices, not when one listens to whom the other is heard by:
 *     jaccard(u, v)     = (|L(u) ∩ L(v)| + |I(u) ∩ I(v)|) / (|L(u) ∪ L(v)| + |I(u) ∪ I(v)|)
 *     adamicAdar(u, v)  = ½ [ Σ_{w ∈ L(u) ∩ L(v)} 1 / log |I(w)|  +  Σ_{w ∈ I(u) ∩ I(v)} 1 / log |L(w)| ]
 *   A shared listener counts less the more people it listens to, a shared influencer the larger its audience.
 * - `undirected`: N(x) = L(x) ∪ I(x), with NetworkX's jaccard_coefficient |N(u) ∩ N(v)| / |N(u) ∪ N(v)| and
 *   adamic_adar_index Σ_{w ∈ N(u) ∩ N(v)} 1 / log |N(w)|.
 * On a network whose every relationship goes both ways (friendships) the two coincide, and equal NetworkX's.
 * A shared neighbour w of two people has at least two neighbours on that side, so log |·| ≥ log 2 > 0.
 *
 * For a set S, a candidate's score is the mean of its similarity to each member; its reason counts the distinct
 * people it shares with the set, and `closestTo` names the member it resembles most. Members are never candidates.
 *
 * Cost: a two-hop walk from each member (Σ over its neighbours w of |neighbours of w|), then the reasons of the k
 * winners only — never all pairs.
 *
 * References: Jaccard, "Étude comparative de la distribution florale", 1901; Adamic and Adar, "Friends and neighbors
 * on the Web", Social Networks 25, 2003; Liben-Nowell and Kleinberg, "The link-prediction problem for social
 * networks", JASIST 58, 2007.
 */
export const SIMILARITY_MEASURES = ['jaccard', 'adamic-adar'] as const;
export type SimilarityMeasure = (typeof SIMILARITY_MEASURES)[number];
export const NEIGHBOURHOODS = ['directed', 'undirected'] as const;
export type Neighbourhood = (typeof NEIGHBOURHOODS)[number];

export interface LookalikeOptions {
  /**
   * `jaccard` (default): the share of their connections in common; `adamic-adar`: shared connections, rare ones
   * weighing more.
   */
  measure?: SimilarityMeasure;
  /** `directed` (default) or `undirected`; see the top of this file. */
  neighbourhood?: Neighbourhood;
  /** How many lookalikes to return. Default 10. */
  k?: number;
}

export const LOOKALIKE_DEFAULTS: Required<LookalikeOptions> = { measure: 'jaccard', neighbourhood: 'directed', k: 10 };

export interface Lookalike {
  /** Snapshot index of the lookalike. */
  index: number;
  score: number;
  /** Directed: people both influence. Undirected: 0. */
  sharedListeners: number;
  /** Directed: people who influence both. Undirected: 0. */
  sharedInfluencers: number;
  /** Undirected: people both are linked to, either way. Directed: shared listeners plus shared influencers. */
  sharedNeighbours: number;
  /** The member of the query this person is most like (the only one for a single person). */
  closestTo: number;
}

/**
 * Per snapshot: scratch arrays (a call is synchronous, so calls never share them at the same time), and the undirected
 * degrees, computed on first use. `seen` marks whom the current walk reached, `scored` whom the query has scored.
 */
interface Scratch {
  listeners: Int32Array;
  influencers: Int32Array;
  weight: Float64Array;
  seen: Stamps;
  reached: Int32Array;
  score: Float64Array;
  scored: Stamps;
  candidates: Int32Array;
  buffer: Int32Array;
  neighbours: Int32Array | null;
}

/** Marks that need no clearing: an entry is set when it equals the current round. */
interface Stamps {
  marks: Int32Array;
  round: number;
}
const scratchOf = new WeakMap<Snapshot, Scratch>();

export function findLookalikes(snapshot: Snapshot, people: ArrayLike<number>, options?: LookalikeOptions): Lookalike[] {
  const where = 'lookalikes';
  const o = withDefaults(LOOKALIKE_DEFAULTS, options, where);
  checkOneOf(where, 'measure', o.measure, SIMILARITY_MEASURES);
  checkOneOf(where, 'neighbourhood', o.neighbourhood, NEIGHBOURHOODS);
  checkNumber(where, 'k', o.k, { min: 1, max: 10_000, integer: true });
  const n = snapshot.nodeCount;
  if (people.length === 0) throw new InvalidOptionsError(where, 'give at least one person');
  const members = [...new Set(Array.from(people))];
  for (const s of members)
    if (!(Number.isInteger(s) && s >= 0 && s < n))
      throw new InvalidOptionsError(where, `person index ${s} is outside 0..${n - 1}`);
  const scratch = scratchFor(snapshot);
  const { score, scored, candidates } = scratch;
  const round = nextRound(scored);
  let found = 0;
  for (const s of members) {
    const reached =
      o.neighbourhood === 'directed' ? walkDirected(snapshot, s, scratch) : walkUndirected(snapshot, s, scratch);
    for (let t = 0; t < reached; t++) {
      const v = scratch.reached[t];
      if (scored.marks[v] !== round) {
        scored.marks[v] = round;
        score[v] = 0;
        candidates[found++] = v;
      }
      score[v] += pairSimilarity(snapshot, s, v, scratch, o) / members.length;
    }
  }
  const isMember = new Set(members);
  const ranked = topK(
    candidates,
    found,
    o.k,
    (v) => !isMember.has(v) && score[v] > 0,
    (a, b) => score[b] - score[a] || a - b,
  );
  return ranked.map((v) => explain(snapshot, v, score[v], members, o));
}

/**
 * The k first of `items[0..count)` that pass `keep`, in `order`: a binary heap holding the k best so far with the
 * worst on top, so a hub's tens of thousands of candidates are not all sorted.
 */
function topK(
  items: Int32Array,
  count: number,
  k: number,
  keep: (v: number) => boolean,
  order: (a: number, b: number) => number,
): number[] {
  const heap: number[] = [];
  // In the heap, a parent is ordered after its children (the worst of the k on top).
  const worse = (a: number, b: number) => order(a, b) > 0;
  const down = (at: number) => {
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let top = at;
      if (left < heap.length && worse(heap[left], heap[top])) top = left;
      if (right < heap.length && worse(heap[right], heap[top])) top = right;
      if (top === at) return;
      [heap[at], heap[top]] = [heap[top], heap[at]];
      at = top;
    }
  };
  for (let t = 0; t < count; t++) {
    const v = items[t];
    if (!keep(v)) continue;
    if (heap.length < k) {
      heap.push(v);
      for (let at = heap.length - 1; at > 0 && worse(heap[at], heap[(at - 1) >> 1]); at = (at - 1) >> 1) {
        [heap[at], heap[(at - 1) >> 1]] = [heap[(at - 1) >> 1], heap[at]];
      }
    } else if (order(v, heap[0]) < 0) {
      heap[0] = v;
      down(0);
    }
  }
  return heap.sort(order);
}

/** The similarity of two people (see the top of this file), for tests and for explaining a pair. */
export function similarity(snapshot: Snapshot, u: number, v: number, options?: Omit<LookalikeOptions, 'k'>): number {
  const o = withDefaults(
    { measure: LOOKALIKE_DEFAULTS.measure, neighbourhood: LOOKALIKE_DEFAULTS.neighbourhood },
    options,
    'similarity',
  );
  checkOneOf('similarity', 'measure', o.measure, SIMILARITY_MEASURES);
  checkOneOf('similarity', 'neighbourhood', o.neighbourhood, NEIGHBOURHOODS);
  return shared(snapshot, u, v, o.neighbourhood, scratchFor(snapshot))[
    o.measure === 'jaccard' ? 'jaccard' : 'adamicAdar'
  ];
}

function scratchFor(snapshot: Snapshot): Scratch {
  let scratch = scratchOf.get(snapshot);
  if (!scratch) {
    const n = snapshot.nodeCount;
    let maxDegree = 0;
    for (let x = 0; x < n; x++) maxDegree = Math.max(maxDegree, snapshot.outDegree(x) + snapshot.inDegree(x));
    scratch = {
      listeners: new Int32Array(n),
      influencers: new Int32Array(n),
      weight: new Float64Array(n),
      seen: { marks: new Int32Array(n), round: 0 },
      reached: new Int32Array(n),
      score: new Float64Array(n),
      scored: { marks: new Int32Array(n), round: 0 },
      candidates: new Int32Array(n),
      buffer: new Int32Array(2 * maxDegree),
      neighbours: null,
    };
    scratchOf.set(snapshot, scratch);
  }
  return scratch;
}

function nextRound(stamps: Stamps): number {
  if (++stamps.round === 0x7fffffff) {
    stamps.marks.fill(0);
    stamps.round = 1;
  }
  return stamps.round;
}

/**
 * Counts, for everyone two hops from s, the listeners (into `listeners`) and influencers (`influencers`) they share
 * with s, and sums their Adamic–Adar weights (`weight`); lists them in `reached` and returns how many.
 */
function walkDirected(snapshot: Snapshot, s: number, scratch: Scratch): number {
  const { outOffsets, outTargets, inOffsets, inSources } = snapshot;
  const { listeners, influencers, weight, seen, reached } = scratch;
  const round = nextRound(seen);
  let count = 0;
  const reach = (v: number) => {
    if (seen.marks[v] !== round) {
      seen.marks[v] = round;
      listeners[v] = 0;
      influencers[v] = 0;
      weight[v] = 0;
      reached[count++] = v;
    }
  };
  for (let e = outOffsets[s]; e < outOffsets[s + 1]; e++) {
    const w = outTargets[e];
    const rarity = 1 / Math.log(snapshot.inDegree(w));
    for (let f = inOffsets[w]; f < inOffsets[w + 1]; f++) {
      const v = inSources[f];
      if (v === s) continue;
      reach(v);
      listeners[v]++;
      weight[v] += rarity;
    }
  }
  for (let e = inOffsets[s]; e < inOffsets[s + 1]; e++) {
    const w = inSources[e];
    const rarity = 1 / Math.log(snapshot.outDegree(w));
    for (let f = outOffsets[w]; f < outOffsets[w + 1]; f++) {
      const v = outTargets[f];
      if (v === s) continue;
      reach(v);
      influencers[v]++;
      weight[v] += rarity;
    }
  }
  return count;
}

/** The same on undirected neighbourhoods: shared neighbours counted into `listeners`. */
function walkUndirected(snapshot: Snapshot, s: number, scratch: Scratch): number {
  const { listeners, weight, seen, reached, buffer } = scratch;
  const round = nextRound(seen);
  let count = 0;
  const around = mergedNeighbours(snapshot, s, buffer, 0);
  for (let a = 0; a < around; a++) {
    const next = mergedNeighbours(snapshot, buffer[a], buffer, around);
    const rarity = 1 / Math.log(next);
    for (let b = around; b < around + next; b++) {
      const v = buffer[b];
      if (v === s) continue;
      if (seen.marks[v] !== round) {
        seen.marks[v] = round;
        listeners[v] = 0;
        weight[v] = 0;
        reached[count++] = v;
      }
      listeners[v]++;
      weight[v] += rarity;
    }
  }
  return count;
}

/** The similarity of s and v from what the walk from s left. */
function pairSimilarity(
  snapshot: Snapshot,
  s: number,
  v: number,
  scratch: Scratch,
  o: Required<LookalikeOptions>,
): number {
  const directed = o.neighbourhood === 'directed';
  if (o.measure === 'adamic-adar') return directed ? scratch.weight[v] / 2 : scratch.weight[v];
  if (directed) {
    const l = scratch.listeners[v];
    const i = scratch.influencers[v];
    return (
      (l + i) / (snapshot.outDegree(s) + snapshot.outDegree(v) - l + snapshot.inDegree(s) + snapshot.inDegree(v) - i)
    );
  }
  const degrees = undirectedDegrees(snapshot, scratch);
  const common = scratch.listeners[v];
  return common / (degrees[s] + degrees[v] - common);
}

interface Shared {
  listeners: number;
  influencers: number;
  neighbours: number;
  jaccard: number;
  adamicAdar: number;
}

/** What two people share, by intersecting their sorted neighbour lists. */
function shared(snapshot: Snapshot, u: number, v: number, neighbourhood: Neighbourhood, scratch: Scratch): Shared {
  const { outOffsets, outTargets, inOffsets, inSources } = snapshot;
  if (neighbourhood === 'directed') {
    let aa = 0;
    const listeners = intersect(
      outTargets,
      outOffsets[u],
      outOffsets[u + 1],
      outTargets,
      outOffsets[v],
      outOffsets[v + 1],
      (w) => {
        aa += 1 / Math.log(snapshot.inDegree(w));
      },
    );
    const influencers = intersect(
      inSources,
      inOffsets[u],
      inOffsets[u + 1],
      inSources,
      inOffsets[v],
      inOffsets[v + 1],
      (w) => {
        aa += 1 / Math.log(snapshot.outDegree(w));
      },
    );
    const union =
      snapshot.outDegree(u) +
      snapshot.outDegree(v) -
      listeners +
      snapshot.inDegree(u) +
      snapshot.inDegree(v) -
      influencers;
    const jaccard = union > 0 ? (listeners + influencers) / union : 0;
    return { listeners, influencers, neighbours: listeners + influencers, jaccard, adamicAdar: aa / 2 };
  }
  const degrees = undirectedDegrees(snapshot, scratch);
  const { buffer } = scratch;
  const a = mergedNeighbours(snapshot, u, buffer, 0);
  const b = mergedNeighbours(snapshot, v, buffer, a);
  let aa = 0;
  const neighbours = intersect(buffer, 0, a, buffer, a, a + b, (w) => {
    aa += 1 / Math.log(degrees[w]);
  });
  const union = a + b - neighbours;
  return { listeners: 0, influencers: 0, neighbours, jaccard: union > 0 ? neighbours / union : 0, adamicAdar: aa };
}

/** Counts the common entries of two sorted runs, calling `each` on every one. */
function intersect(
  x: Int32Array,
  xFrom: number,
  xTo: number,
  y: Int32Array,
  yFrom: number,
  yTo: number,
  each: (w: number) => void,
): number {
  let common = 0;
  while (xFrom < xTo && yFrom < yTo) {
    if (x[xFrom] < y[yFrom]) xFrom++;
    else if (x[xFrom] > y[yFrom]) yFrom++;
    else {
      each(x[xFrom]);
      common++;
      xFrom++;
      yFrom++;
    }
  }
  return common;
}

/** Writes x's listeners and influencers merged, sorted and without repeats at buffer[at..]; returns how many. */
function mergedNeighbours(snapshot: Snapshot, x: number, buffer: Int32Array, at: number): number {
  const { outOffsets, outTargets, inOffsets, inSources } = snapshot;
  let a = outOffsets[x];
  const aEnd = outOffsets[x + 1];
  let b = inOffsets[x];
  const bEnd = inOffsets[x + 1];
  let size = 0;
  while (a < aEnd || b < bEnd) {
    let next: number;
    if (b >= bEnd || (a < aEnd && outTargets[a] <= inSources[b])) next = outTargets[a++];
    else next = inSources[b++];
    if (size === 0 || buffer[at + size - 1] !== next) buffer[at + size++] = next;
  }
  return size;
}

function undirectedDegrees(snapshot: Snapshot, scratch: Scratch): Int32Array {
  if (!scratch.neighbours) {
    const degrees = new Int32Array(snapshot.nodeCount);
    const buffer = new Int32Array(scratch.buffer.length);
    for (let x = 0; x < snapshot.nodeCount; x++) degrees[x] = mergedNeighbours(snapshot, x, buffer, 0);
    scratch.neighbours = degrees;
  }
  return scratch.neighbours;
}

/** A winner with its reason: what it shares with the set, and the member it is most like. */
function explain(
  snapshot: Snapshot,
  v: number,
  score: number,
  members: number[],
  o: Required<LookalikeOptions>,
): Lookalike {
  const scratch = scratchFor(snapshot);
  let closestTo = members[0];
  let best = -Infinity;
  for (const s of members) {
    const value = shared(snapshot, s, v, o.neighbourhood, scratch)[o.measure === 'jaccard' ? 'jaccard' : 'adamicAdar'];
    if (value > best) {
      best = value;
      closestTo = s;
    }
  }
  if (members.length === 1) {
    const pair = shared(snapshot, members[0], v, o.neighbourhood, scratch);
    return {
      index: v,
      score,
      sharedListeners: pair.listeners,
      sharedInfluencers: pair.influencers,
      sharedNeighbours: pair.neighbours,
      closestTo,
    };
  }
  // Distinct people shared with the set as a whole.
  const { outOffsets, outTargets, inOffsets, inSources } = snapshot;
  const marks = new Set<number>();
  const count = (list: Int32Array, from: number, to: number, mine: Set<number>) => {
    let c = 0;
    for (let e = from; e < to; e++) if (mine.has(list[e])) c++;
    return c;
  };
  if (o.neighbourhood === 'directed') {
    for (const s of members) for (let e = outOffsets[s]; e < outOffsets[s + 1]; e++) marks.add(outTargets[e]);
    const sharedListeners = count(outTargets, outOffsets[v], outOffsets[v + 1], marks);
    marks.clear();
    for (const s of members) for (let e = inOffsets[s]; e < inOffsets[s + 1]; e++) marks.add(inSources[e]);
    const sharedInfluencers = count(inSources, inOffsets[v], inOffsets[v + 1], marks);
    return {
      index: v,
      score,
      sharedListeners,
      sharedInfluencers,
      sharedNeighbours: sharedListeners + sharedInfluencers,
      closestTo,
    };
  }
  const { buffer } = scratch;
  for (const s of members) {
    const size = mergedNeighbours(snapshot, s, buffer, 0);
    for (let k = 0; k < size; k++) marks.add(buffer[k]);
  }
  const size = mergedNeighbours(snapshot, v, buffer, 0);
  return {
    index: v,
    score,
    sharedListeners: 0,
    sharedInfluencers: 0,
    sharedNeighbours: count(buffer, 0, size, marks),
    closestTo,
  };
}
