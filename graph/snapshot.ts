import { ChannelDictionary } from './channels.ts';
import { InvalidOptionsError } from './errors.ts';
import { Growable } from './growable.ts';
import { IntegerIds, ParsedIds, PermutedIds, type IdIndex } from './ids.ts';
import { sharedArray } from './parallel/shared.ts';
import type { GraphSink, Person, Relationship } from './model.ts';

/**
 * The compute snapshot: an immutable compressed-sparse-row (CSR) copy of the influence graph, indexed both by source
 * (out-edges: whom a person influences) and by target (in-edges: who influences a person). Every heavy algorithm runs
 * on it. Per edge it holds 4+4 bytes by source and 4+4 by target (neighbour index, Float32 weight), plus 4+4 more
 * only when the graph carries ratings: 16 to 24 bytes an edge, against about 550 for graphology's object maps. When
 * relationships carry a time or channels, 8 and 4 more bytes an edge hold them, in out-edge order (`edgeAttributes`).
 *
 * Neighbour lists are sorted by index, self-loops are dropped (nobody influences themself) and a repeated
 * (source, target) pair keeps its last occurrence, as an upsert into the store would.
 */
export class Snapshot {
  readonly nodeCount: number;
  readonly edgeCount: number;

  constructor(
    readonly ids: IdIndex,
    readonly outOffsets: Int32Array,
    readonly outTargets: Int32Array,
    readonly outWeights: Float32Array,
    readonly inOffsets: Int32Array,
    readonly inSources: Int32Array,
    readonly inWeights: Float32Array,
    /** The target's rating of the source in [-1, 1] per out-edge, NaN where none; null when no edge has one. */
    readonly outRatings: Float32Array | null,
    /** The same ratings in in-edge order. */
    readonly inRatings: Float32Array | null,
    /**
     * Per-person attributes the algorithms use; NaN (or 255 for `customer`) where unknown, null when nobody has one.
     */
    readonly attributes: SnapshotAttributes,
    /** Per-relationship time and channels, in out-edge order; null arrays when no relationship has one. */
    readonly edgeAttributes: SnapshotEdgeAttributes = NO_EDGE_ATTRIBUTES,
  ) {
    this.nodeCount = ids.size;
    this.edgeCount = outTargets.length;
  }

  outDegree(i: number): number {
    return this.outOffsets[i + 1] - this.outOffsets[i];
  }

  inDegree(i: number): number {
    return this.inOffsets[i + 1] - this.inOffsets[i];
  }

  /** Index of a person by id; throws a clear error for an unknown id. */
  indexOfOrThrow(id: string, where = 'network'): number {
    const index = this.ids.indexOf(id);
    if (index < 0) throw new InvalidOptionsError(where, `unknown person id "${id}"`);
    return index;
  }

  /** Bytes held by the typed arrays (ids excluded: their cost depends on the id strings). */
  byteSize(): number {
    let bytes = 0;
    for (const a of [
      this.outOffsets,
      this.outTargets,
      this.outWeights,
      this.inOffsets,
      this.inSources,
      this.inWeights,
    ]) {
      bytes += a.byteLength;
    }
    for (const a of [
      this.outRatings,
      this.inRatings,
      ...Object.values(this.attributes),
      this.edgeAttributes.time,
      this.edgeAttributes.channels,
    ]) {
      bytes += a?.byteLength ?? 0;
    }
    return bytes;
  }
}

export interface SnapshotAttributes {
  clv: Float64Array | null;
  sentiment: Float64Array | null;
  /** 1 customer, 0 not a customer, 255 unknown. */
  customer: Uint8Array | null;
}

/**
 * What a snapshot keeps of each relationship besides its weight and rating, for views by time and channel
 * (graph/views/). Both arrays are in out-edge order (edge e is the e-th of outTargets).
 */
export interface SnapshotEdgeAttributes {
  /** When the relationship was observed, Unix seconds; NaN where unknown. Null when no relationship has a time. */
  time: Float64Array | null;
  /** The relationship's channels as a bitmask over `channelNames` (bit k: channelNames[k]); 0 when it names none. */
  channels: Uint32Array | null;
  /** Channel names by bit, in order of first appearance; at most MAX_CHANNELS (graph/channels.ts). */
  channelNames: readonly string[];
}

export const NO_EDGE_ATTRIBUTES: SnapshotEdgeAttributes = Object.freeze({
  time: null,
  channels: null,
  channelNames: [],
});

export interface SnapshotBuilderOptions {
  /** Expected number of edges, to size buffers once. Default 1024. */
  expectedEdges?: number;
  /**
   * How people are numbered. `in-degree` (default): by decreasing in-degree, so the per-person values that the
   * algorithms read most often (PageRank's shares, reach's stamps) sit together in cache; on power-law graphs this
   * halves PageRank's time. `arrival`: in order of first appearance.
   */
  order?: 'in-degree' | 'arrival';
}

/**
 * Builds a Snapshot from people and relationships streamed in any order (a GraphSink), or from dense indices
 * (`addEdgeByIndex`, for generators). People referenced only by relationships are created on the fly.
 */
export class SnapshotBuilder implements GraphSink {
  /** Ids met through addPerson/addRelationship: held as numbers while they are plain integers (ParsedIds). */
  private readonly ids = new ParsedIds();
  private integerNodeCount = 0;
  private usesIntegerIds = false;
  /** Ids numbered by someone else (a parser), when given: edges then come by index. */
  private givenIds: IdIndex | null = null;
  private readonly sources: Growable<Int32Array>;
  private readonly targets: Growable<Int32Array>;
  private readonly weights: Growable<Float32Array>;
  private ratings: Growable<Float32Array> | null = null;
  private times: Growable<Float64Array> | null = null;
  private channelMasks: Growable<Uint32Array> | null = null;
  private readonly channelDictionary = new ChannelDictionary();
  private readonly clv = new Growable(Float64Array, 1024, NaN);
  private readonly sentiment = new Growable(Float64Array, 1024, NaN);
  private readonly customer = new Growable(Uint8Array, 1024, 255);
  private hasClv = false;
  private hasSentiment = false;
  private hasCustomer = false;
  private built = false;
  private readonly order: 'in-degree' | 'arrival';

  constructor(options: SnapshotBuilderOptions = {}) {
    const capacity = options.expectedEdges ?? 1024;
    this.order = options.order ?? 'in-degree';
    if (this.order !== 'in-degree' && this.order !== 'arrival') {
      throw new InvalidOptionsError('network snapshot', '"order" must be in-degree or arrival');
    }
    this.sources = new Growable(Int32Array, capacity);
    this.targets = new Growable(Int32Array, capacity);
    this.weights = new Growable(Float32Array, capacity);
  }

  get edgeCount(): number {
    return this.sources.length;
  }

  addPerson(person: Person): void {
    const i = this.intern(person.id);
    if (person.clv !== undefined && person.clv !== null) {
      this.clv.set(i, person.clv);
      this.hasClv = true;
    }
    if (person.sentiment !== undefined && person.sentiment !== null) {
      this.sentiment.set(i, person.sentiment);
      this.hasSentiment = true;
    }
    if (person.customer !== undefined && person.customer !== null) {
      this.customer.set(i, person.customer ? 1 : 0);
      this.hasCustomer = true;
    }
  }

  addRelationship(relationship: Relationship): void {
    this.addEdgeByIndex(
      this.intern(relationship.source),
      this.intern(relationship.target),
      relationship.weight ?? 1,
      relationship.rating ?? NaN,
      relationship.time ?? NaN,
      relationship.channel == null ? 0 : this.channelDictionary.maskOf(relationship.channel),
    );
  }

  /** Declares people 0..n-1 with ids "0".."n-1" (generators); cannot be mixed with string ids. */
  useIntegerIds(nodeCount: number): this {
    if (this.ids.size > 0) throw new InvalidOptionsError('network snapshot', 'integer ids cannot follow string ids');
    this.usesIntegerIds = true;
    this.integerNodeCount = nodeCount;
    return this;
  }

  /**
   * Takes an id index that numbers people as it meets them (an importer's): edges then come by index, and the index
   * may still grow until build(). Cannot be mixed with string ids.
   */
  useIds(ids: IdIndex): this {
    if (this.ids.size > 0 || this.usesIntegerIds)
      throw new InvalidOptionsError('network snapshot', 'ids are already being numbered');
    this.givenIds = ids;
    this.usesIntegerIds = true;
    return this;
  }

  /** `time` in Unix seconds (NaN: unknown); `channels` a bitmask over the channels met in `addRelationship`. */
  addEdgeByIndex(source: number, target: number, weight = 1, rating = NaN, time = NaN, channels = 0): void {
    this.sources.push(source);
    this.targets.push(target);
    this.weights.push(weight);
    const e = this.sources.length - 1;
    // Ratings, times and channels get an array only once some relationship has one (then earlier edges read "none").
    if (!Number.isNaN(rating) && this.ratings === null)
      this.ratings = new Growable(Float32Array, Math.max(1024, e + 1), NaN);
    if (this.ratings !== null) this.ratings.set(e, rating);
    if (!Number.isNaN(time) && this.times === null) this.times = new Growable(Float64Array, Math.max(1024, e + 1), NaN);
    if (this.times !== null) this.times.set(e, time);
    if (channels !== 0 && this.channelMasks === null)
      this.channelMasks = new Growable(Uint32Array, Math.max(1024, e + 1), 0);
    if (this.channelMasks !== null) this.channelMasks.set(e, channels);
  }

  private intern(id: string): number {
    if (this.usesIntegerIds) throw new InvalidOptionsError('network snapshot', 'string ids cannot follow integer ids');
    return this.ids.intern(id);
  }

  build(): Snapshot {
    if (this.built) throw new InvalidOptionsError('network snapshot', 'build() may be called once');
    this.built = true;
    const baseIds: IdIndex = this.givenIds ?? (this.usesIntegerIds ? new IntegerIds(this.integerNodeCount) : this.ids);
    const n = baseIds.size;
    const m = this.sources.length;
    const src = this.sources.toArray();
    const tgt = this.targets.toArray();
    const w = this.weights.toArray();
    const extras: EdgeExtras = {
      rating: this.ratings?.toArray(m) ?? null,
      time: this.times?.toArray(m) ?? null,
      channels: this.channelMasks?.toArray(m) ?? null,
    };
    checkIndices(src, tgt, n);

    let ids = baseIds;
    let attributes: SnapshotAttributes = {
      clv: this.hasClv ? this.clv.toArray(n) : null,
      sentiment: this.hasSentiment ? this.sentiment.toArray(n) : null,
      customer: this.hasCustomer ? this.customer.toArray(n) : null,
    };
    if (this.order === 'in-degree') {
      const fromBase = inDegreeOrder(tgt, n);
      const toBase = new Int32Array(n);
      for (let b = 0; b < n; b++) toBase[fromBase[b]] = b;
      renumber(src, fromBase);
      renumber(tgt, fromBase);
      ids = new PermutedIds(baseIds, toBase, fromBase);
      attributes = {
        clv: attributes.clv && permute(attributes.clv, toBase),
        sentiment: attributes.sentiment && permute(attributes.sentiment, toBase),
        customer: attributes.customer && permute(attributes.customer, toBase),
      };
    }

    const { outOffsets, outTargets, outWeights, out } = outEdges(src, tgt, w, extras, n);
    const outRatings = out.rating;
    const { inOffsets, inSources, inWeights, inRatings } = indexByTarget(
      outOffsets,
      outTargets,
      outWeights,
      outRatings,
    );
    const edgeAttributes: SnapshotEdgeAttributes = {
      time: out.time,
      channels: out.channels,
      channelNames: out.channels ? [...this.channelDictionary.channelNames] : [],
    };
    return new Snapshot(
      ids,
      outOffsets,
      outTargets,
      outWeights,
      inOffsets,
      inSources,
      inWeights,
      outRatings,
      inRatings,
      attributes,
      edgeAttributes,
    );
  }
}

/*
 * The passes of build(), each a small function of its own: V8 optimises a loop of a function called once by on-stack
 * replacement, which recompiles the whole function at each loop; one long build() paid that for every loop (on
 * epinions, 150 ms of compilation for 15 ms of work).
 */

function checkIndices(src: Int32Array, tgt: Int32Array, n: number): void {
  for (let e = 0; e < src.length; e++) {
    if (src[e] < 0 || src[e] >= n || tgt[e] < 0 || tgt[e] >= n) {
      throw new InvalidOptionsError('network snapshot', `edge ${e} refers to a person index outside 0..${n - 1}`);
    }
  }
}

function renumber(indices: Int32Array, newIndex: Int32Array): void {
  for (let e = 0; e < indices.length; e++) indices[e] = newIndex[indices[e]];
}

/** What an edge may carry besides its weight, each array present only when some edge has a value. */
interface EdgeExtras {
  rating: Float32Array | null;
  time: Float64Array | null;
  channels: Uint32Array | null;
}

type ExtraArray = Float32Array | Float64Array | Uint32Array;

/** Empty arrays of the same kinds as `extras`, `length` long (null where `extras` has none). */
function extrasLike(extras: EdgeExtras, length: number): EdgeExtras {
  const like = <T extends ExtraArray>(a: T | null): T | null =>
    a && new (a.constructor as { new (n: number): T })(length);
  return { rating: like(extras.rating), time: like(extras.time), channels: like(extras.channels) };
}

/** The extras present, as a list of [from, to] pairs of arrays, so a pass copies them without naming each. */
function extraPairs(from: EdgeExtras, to: EdgeExtras): Array<[ExtraArray, ExtraArray]> {
  const pairs: Array<[ExtraArray, ExtraArray]> = [];
  for (const key of ['rating', 'time', 'channels'] as const) if (from[key]) pairs.push([from[key]!, to[key]!]);
  return pairs;
}

/** Bits per pass of the radix sort: 2,048 buckets, whose write positions stay in the cache. */
const RADIX_BITS = 11;

/**
 * The out-edge CSR. A stable least-significant-digit radix sort orders the edges by (source, target, arrival): first
 * by target, then by source, RADIX_BITS bits a pass, each pass carrying the values along (source, target, weight, and
 * the edge's number when it has extras: rating, time, channels). With at most 2,048 buckets a pass, the writes of a
 * pass go to a few thousand places that stay in the cache; a counting sort over all people (4 million buckets on the
 * R-MAT graph of 20 million lines) wrote each edge to a random place, and was half of reading that file. Then the
 * last arrival of each (source, target) pair is kept (an upsert) and self-loops are dropped, in one sequential pass.
 * The final arrays live in shared memory: worker threads (graph/parallel) read them without a copy.
 */
function outEdges(src: Int32Array, tgt: Int32Array, w: Float32Array, extras: EdgeExtras, n: number) {
  const m = src.length;
  const hasExtras = extras.rating !== null || extras.time !== null || extras.channels !== null;
  // An edge list without weights has every weight 1: then no weight is carried through the passes.
  const sameWeight = m > 0 && allEqual(w) ? w[0] : null;
  const bits = Math.max(1, 32 - Math.clz32(Math.max(1, n - 1)));
  const passes = Math.ceil(bits / RADIX_BITS);
  const width = Math.ceil(bits / passes);
  const counts = digitCounts(src, tgt, passes, width);
  let from: RadixColumns = {
    s: src.slice(),
    t: tgt.slice(),
    weight: sameWeight === null ? w.slice() : null,
    edge: hasExtras ? Int32Array.from({ length: m }, (_, e) => e) : null,
  };
  let to: RadixColumns = {
    s: new Int32Array(m),
    t: new Int32Array(m),
    weight: sameWeight === null ? new Float32Array(m) : null,
    edge: hasExtras ? new Int32Array(m) : null,
  };
  for (let k = 0; k < 2 * passes; k++) {
    radixPass(from, to, k < passes ? 't' : 's', (k % passes) * width, (1 << width) - 1, counts[k]);
    [from, to] = [to, from];
  }
  // from.s is now sorted: each source's segment, targets ascending, repeats by arrival.
  const { s, t, weight, edge } = from;
  const keep = new Uint8Array(m);
  const kept = markKept(s, t, keep);
  const outOffsets = sharedArray(Int32Array, n + 1);
  const outTargets = sharedArray(Int32Array, kept);
  const outWeights = sharedArray(Float32Array, kept);
  const out = extrasLike(extras, kept);
  fillOut(s, t, weight, sameWeight ?? 0, keep, outOffsets, outTargets, outWeights);
  if (edge !== null) copyExtras(edge, keep, extraPairs(extras, out));
  return { outOffsets, outTargets, outWeights, out };
}

/** The columns a radix pass carries along: source, target, and the weight and edge number when they vary. */
interface RadixColumns {
  s: Int32Array;
  t: Int32Array;
  weight: Float32Array | null;
  edge: Int32Array | null;
}

function allEqual(values: Float32Array): boolean {
  const first = values[0];
  for (let i = 1; i < values.length; i++) if (values[i] !== first) return false;
  return true;
}

/** Every pass's bucket counts in one read of the input: a count does not depend on the order the passes leave. */
function digitCounts(src: Int32Array, tgt: Int32Array, passes: number, width: number): Int32Array[] {
  const mask = (1 << width) - 1;
  const counts = Array.from({ length: 2 * passes }, () => new Int32Array((1 << width) + 1));
  for (let e = 0; e < src.length; e++) {
    const target = tgt[e];
    const source = src[e];
    for (let pass = 0; pass < passes; pass++) {
      counts[pass][((target >>> (pass * width)) & mask) + 1]++;
      counts[passes + pass][((source >>> (pass * width)) & mask) + 1]++;
    }
  }
  return counts;
}

/** One stable pass by the digit of `by` at `shift`: `from`'s columns into `to`, in the digit's order. */
function radixPass(
  from: RadixColumns,
  to: RadixColumns,
  by: 's' | 't',
  shift: number,
  mask: number,
  count: Int32Array,
): void {
  const key = from[by];
  const { s, t, weight, edge } = from;
  const { s: s2, t: t2, weight: weight2, edge: edge2 } = to;
  for (let d = 0; d < mask + 1; d++) count[d + 1] += count[d];
  for (let e = 0; e < s.length; e++) {
    const at = count[(key[e] >>> shift) & mask]++;
    s2[at] = s[e];
    t2[at] = t[e];
    if (weight !== null) weight2![at] = weight[e];
    if (edge !== null) edge2![at] = edge[e];
  }
}

/** keep[k] = 1 where the sorted edge k survives (not a self-loop, not followed by the same pair); returns how many. */
function markKept(s: Int32Array, t: Int32Array, keep: Uint8Array): number {
  const m = s.length;
  let kept = 0;
  for (let k = 0; k < m; k++) {
    const target = t[k];
    if (target === s[k] || (k + 1 < m && t[k + 1] === target && s[k + 1] === s[k])) continue;
    keep[k] = 1;
    kept++;
  }
  return kept;
}

/** The out-edge CSR from the sorted edges that survive. */
function fillOut(
  s: Int32Array,
  t: Int32Array,
  weight: Float32Array | null,
  sameWeight: number,
  keep: Uint8Array,
  outOffsets: Int32Array,
  outTargets: Int32Array,
  outWeights: Float32Array,
): void {
  let j = 0;
  for (let k = 0; k < s.length; k++) {
    if (keep[k] === 0) continue;
    outTargets[j] = t[k];
    outWeights[j] = weight === null ? sameWeight : weight[k];
    outOffsets[s[k] + 1] = ++j;
  }
  // People with no out-edge end where the person before them does.
  for (let v = 1; v < outOffsets.length; v++) if (outOffsets[v] < outOffsets[v - 1]) outOffsets[v] = outOffsets[v - 1];
}

/** The extras of the surviving edges, in out-edge order. */
function copyExtras(edge: Int32Array, keep: Uint8Array, pairs: Array<[ExtraArray, ExtraArray]>): void {
  let j = 0;
  for (let k = 0; k < edge.length; k++) {
    if (keep[k] === 0) continue;
    for (let x = 0; x < pairs.length; x++) pairs[x][1][j] = pairs[x][0][edge[k]];
    j++;
  }
}

/**
 * The in-edge index of out-edges: a stable counting sort by target, which keeps sources ascending within each target.
 * Views (graph/views) index their kept edges with it too.
 */
export function indexByTarget(
  outOffsets: Int32Array,
  outTargets: Int32Array,
  outWeights: Float32Array,
  outRatings: Float32Array | null,
): { inOffsets: Int32Array; inSources: Int32Array; inWeights: Float32Array; inRatings: Float32Array | null } {
  const n = outOffsets.length - 1;
  const kept = outTargets.length;
  const inOffsets = sharedArray(Int32Array, n + 1);
  for (let k = 0; k < kept; k++) inOffsets[outTargets[k] + 1]++;
  for (let i = 0; i < n; i++) inOffsets[i + 1] += inOffsets[i];
  const cursor = inOffsets.slice(0, n);
  const inSources = sharedArray(Int32Array, kept);
  const inWeights = sharedArray(Float32Array, kept);
  const inRatings = outRatings ? new Float32Array(kept) : null;
  for (let s = 0; s < n; s++) {
    for (let k = outOffsets[s]; k < outOffsets[s + 1]; k++) {
      const pos = cursor[outTargets[k]]++;
      inSources[pos] = s;
      inWeights[pos] = outWeights[k];
      if (inRatings) inRatings[pos] = outRatings![k];
    }
  }
  return { inOffsets, inSources, inWeights, inRatings };
}

/** New index of each person when numbered by decreasing in-degree, ties by first appearance (a counting sort). */
function inDegreeOrder(targets: Int32Array, n: number): Int32Array {
  const degree = new Int32Array(n);
  let max = 0;
  for (let e = 0; e < targets.length; e++) if (++degree[targets[e]] > max) max = degree[targets[e]];
  const start = new Int32Array(max + 2);
  for (let v = 0; v < n; v++) start[max - degree[v] + 1]++;
  for (let k = 0; k <= max; k++) start[k + 1] += start[k];
  const newIndex = new Int32Array(n);
  for (let v = 0; v < n; v++) newIndex[v] = start[max - degree[v]]++;
  return newIndex;
}

export function permute<T extends Float64Array | Uint8Array>(values: T, toBase: Int32Array): T {
  const out = new (values.constructor as { new (n: number): T })(values.length);
  for (let i = 0; i < toBase.length; i++) out[i] = values[toBase[i]];
  return out;
}

/** Stable counting sort of positions by key (keys in 0..n-1); sorts `input` positions, or 0..m-1 when null. */
export function countingSort(keys: Int32Array, n: number, input: Int32Array | null): Int32Array {
  const m = keys.length;
  const start = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) start[keys[e] + 1]++;
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const out = new Int32Array(m);
  for (let k = 0; k < m; k++) {
    const e = input ? input[k] : k;
    out[start[keys[e]]++] = e;
  }
  return out;
}

/** Builds a snapshot from people and relationships in memory (tests, small graphs). */
export function snapshotFrom(people: Iterable<Person>, relationships: Iterable<Relationship>): Snapshot {
  const builder = new SnapshotBuilder();
  for (const p of people) builder.addPerson(p);
  for (const r of relationships) builder.addRelationship(r);
  return builder.build();
}

/** Builds a snapshot from `[source, target]` id pairs already in the influence direction (tests, examples). */
export function snapshotFromEdges(
  edges: Iterable<readonly [string, string] | readonly [string, string, number]>,
): Snapshot {
  const builder = new SnapshotBuilder();
  for (const [source, target, weight] of edges) {
    builder.addRelationship({ source, target, kind: 'influences', weight: weight ?? 1 });
  }
  return builder.build();
}
