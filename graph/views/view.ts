import { InvalidOptionsError } from '../errors.ts';
import { indexByTarget, Snapshot } from '../snapshot.ts';

/**
 * A view: a snapshot derived from a base snapshot by leaving relationships out (a time window, a channel) or
 * reweighting them (decay by age). The view keeps the base's people and their indexing, so a score column computed on
 * a view lines up with the base's columns and with every other view's; `present` says who takes part in the view.
 */
export interface SnapshotView {
  /** The base's people, indexed as in the base, with the view's relationships only. */
  snapshot: Snapshot;
  /** 1 for a person with at least one relationship in the view (either direction), 0 for everyone else. */
  present: Uint8Array;
  /** Number of people present. */
  presentCount: number;
}

/**
 * Derives a view from the base's out-edges: edge e is kept where `keep[e]` is 1 (every edge when `keep` is null) and
 * weighs `weights[e]` instead of its base weight when `weights` is given. Ratings, times and channels follow their
 * edges. Cost: one pass over the edges and a counting sort for the in-edge index, O(n + m).
 */
export function deriveView(base: Snapshot, keep: Uint8Array | null, weights: Float32Array | null = null): SnapshotView {
  const n = base.nodeCount;
  const m = base.edgeCount;
  if ((keep && keep.length !== m) || (weights && weights.length !== m)) {
    throw new InvalidOptionsError('view', `the edge selection and weights must hold one value per relationship (${m})`);
  }
  const { outOffsets: baseOffsets, outTargets: baseTargets, outRatings: baseRatings } = base;
  const baseWeights = weights ?? base.outWeights;
  const { time: baseTimes, channels: baseChannels, channelNames } = base.edgeAttributes;
  let kept = m;
  if (keep) {
    kept = 0;
    for (let e = 0; e < m; e++) kept += keep[e];
  }
  const outOffsets = new Int32Array(n + 1);
  const outTargets = new Int32Array(kept);
  const outWeights = new Float32Array(kept);
  const outRatings = baseRatings ? new Float32Array(kept) : null;
  const outTimes = baseTimes ? new Float64Array(kept) : null;
  const outChannels = baseChannels ? new Uint32Array(kept) : null;
  const present = new Uint8Array(n);
  let k = 0;
  for (let s = 0; s < n; s++) {
    for (let e = baseOffsets[s]; e < baseOffsets[s + 1]; e++) {
      if (keep && keep[e] === 0) continue;
      const t = baseTargets[e];
      outTargets[k] = t;
      outWeights[k] = baseWeights[e];
      if (outRatings) outRatings[k] = baseRatings![e];
      if (outTimes) outTimes[k] = baseTimes![e];
      if (outChannels) outChannels[k] = baseChannels![e];
      present[s] = 1;
      present[t] = 1;
      k++;
    }
    outOffsets[s + 1] = k;
  }
  let presentCount = 0;
  for (let i = 0; i < n; i++) presentCount += present[i];
  const { inOffsets, inSources, inWeights, inRatings } = indexByTarget(outOffsets, outTargets, outWeights, outRatings);
  const snapshot = new Snapshot(
    base.ids,
    outOffsets,
    outTargets,
    outWeights,
    inOffsets,
    inSources,
    inWeights,
    outRatings,
    inRatings,
    base.attributes,
    {
      time: outTimes,
      channels: outChannels,
      channelNames,
    },
  );
  return { snapshot, present, presentCount };
}

/** The base itself as a view: everyone with a relationship is present. */
export function wholeView(base: Snapshot): SnapshotView {
  const n = base.nodeCount;
  const present = new Uint8Array(n);
  let presentCount = 0;
  for (let i = 0; i < n; i++) {
    if (base.outOffsets[i + 1] > base.outOffsets[i] || base.inOffsets[i + 1] > base.inOffsets[i]) {
      present[i] = 1;
      presentCount++;
    }
  }
  return { snapshot: base, present, presentCount };
}
