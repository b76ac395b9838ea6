import { channelMask } from '../channels.ts';
import type { Snapshot } from '../snapshot.ts';
import { deriveView, type SnapshotView } from './view.ts';

/**
 * Views by channel. A relationship may be on several channels (graph/channels.ts); a channel's view keeps the
 * relationships on that channel, so a relationship on two channels counts on both, and the view of every channel
 * together is the whole graph less the relationships that name no channel.
 */
export interface ChannelView extends SnapshotView {
  /** The channels the view keeps. */
  channels: readonly string[];
}

/** The relationships on any of the given channels (one name or several), with the base's people and indexing. */
export function channelView(base: Snapshot, channels: string | readonly string[]): ChannelView {
  const names = typeof channels === 'string' ? [channels] : [...channels];
  const wanted = channelMask(base.edgeAttributes.channelNames, names, 'channel view');
  const masks = base.edgeAttributes.channels!;
  const keep = new Uint8Array(base.edgeCount);
  for (let e = 0; e < keep.length; e++) keep[e] = (masks[e] & wanted) !== 0 ? 1 : 0;
  return { ...deriveView(base, keep), channels: names };
}

/** Each channel with the number of relationships on it, in dictionary order; channels left with none are omitted. */
export function channelCounts(snapshot: Snapshot): { channel: string; relationships: number }[] {
  const { channels: masks, channelNames } = snapshot.edgeAttributes;
  if (masks === null) return [];
  const counts = new Float64Array(channelNames.length);
  for (let e = 0; e < masks.length; e++) {
    for (let mask = masks[e]; mask !== 0; mask &= mask - 1) counts[31 - Math.clz32(mask & -mask)]++;
  }
  return channelNames
    .map((channel, bit) => ({ channel, relationships: counts[bit] }))
    .filter((c) => c.relationships > 0);
}
