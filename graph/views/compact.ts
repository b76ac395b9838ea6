import { PermutedIds } from '../ids.ts';
import { indexByTarget, permute, Snapshot } from '../snapshot.ts';
import type { SnapshotView } from './view.ts';

/**
 * A view with only the people present in it, renumbered 0..k-1 in the base's order (so the base's in-degree numbering
 * and its cache locality carry over). Algorithms whose every pass touches every person, as PageRank's iterations do,
 * run on it in time proportional to the view rather than to the whole network: a channel a fifth of the network's
 * size costs a fifth. Results go back to the base's indexing with `toBaseColumn`.
 */
export interface CompactView {
  snapshot: Snapshot;
  /** Base index of each compact index. */
  toBase: Int32Array;
  /** Number of people in the base. */
  baseCount: number;
}

/** The view's present people and relationships, renumbered; the view's snapshot itself when everyone is present. */
export function compactView(view: SnapshotView): CompactView {
  const base = view.snapshot;
  const n = base.nodeCount;
  if (view.presentCount === n)
    return { snapshot: base, toBase: Int32Array.from({ length: n }, (_, i) => i), baseCount: n };
  const toBase = new Int32Array(view.presentCount);
  const fromBase = new Int32Array(n).fill(-1);
  for (let i = 0, k = 0; i < n; i++) {
    if (view.present[i]) {
      toBase[k] = i;
      fromBase[i] = k++;
    }
  }
  const k = toBase.length;
  const m = base.edgeCount;
  const outOffsets = new Int32Array(k + 1);
  const outTargets = new Int32Array(m);
  // Present people keep all their view relationships, so the edge arrays carry over in the same order.
  for (let c = 0; c < k; c++) outOffsets[c + 1] = outOffsets[c] + base.outDegree(toBase[c]);
  for (let e = 0; e < m; e++) outTargets[e] = fromBase[base.outTargets[e]];
  const { outWeights, outRatings, edgeAttributes } = base;
  const { inOffsets, inSources, inWeights, inRatings } = indexByTarget(outOffsets, outTargets, outWeights, outRatings);
  const attributes = {
    clv: base.attributes.clv && permute(base.attributes.clv, toBase),
    sentiment: base.attributes.sentiment && permute(base.attributes.sentiment, toBase),
    customer: base.attributes.customer && permute(base.attributes.customer, toBase),
  };
  const ids = new PermutedIds(base.ids, toBase, fromBase);
  const snapshot = new Snapshot(
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
  return { snapshot, toBase, baseCount: n };
}

/** A compact column back in the base's indexing, NaN for the people absent from the view. */
export function toBaseColumn(compact: CompactView, values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(compact.baseCount).fill(NaN);
  for (let c = 0; c < compact.toBase.length; c++) out[compact.toBase[c]] = values[c];
  return out;
}

/** A base column in the compact indexing. */
export function toCompactColumn(compact: CompactView, values: ArrayLike<number>): Float64Array {
  return Float64Array.from(compact.toBase, (i) => values[i]);
}
