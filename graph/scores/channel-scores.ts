import { throwIfAborted } from '../errors.ts';
import { withDefaults } from '../options.ts';
import type { Snapshot } from '../snapshot.ts';
import { channelCounts, channelView } from '../views/channels.ts';
import { scoreView, type ViewScoreOptions, type ViewScores } from './view-scores.ts';

/**
 * Influence, audience and two-hop reach on each channel: the scores of view-scores.ts on each channel's view
 * (graph/views/channels.ts). A person with no relationship on a channel gets NaN there (no value), not 0.
 * Each channel's PageRank starts from `start` when given (the whole graph's PageRank: people influential overall are
 * often influential on a channel, which saves iterations).
 */
export interface ChannelScoreOptions extends ViewScoreOptions {
  /** The channels to score. Default null: every channel some relationship is on. */
  channels?: readonly string[] | null;
  /** Called after each channel with the fraction of channels done. */
  onProgress?: (fraction: number) => void;
}

export const CHANNEL_SCORE_DEFAULTS: ChannelScoreOptions = {
  channels: null,
  pagerank: {},
  reach: {},
  start: null,
  signal: undefined,
  onProgress: undefined,
};

export interface ChannelScores {
  channel: string;
  /** Relationships on the channel. */
  relationships: number;
  scores: ViewScores;
}

/** Scores each channel (see the module comment), in the snapshot's channel order. */
export function scoreChannels(base: Snapshot, options?: ChannelScoreOptions): ChannelScores[] {
  const o = withDefaults(CHANNEL_SCORE_DEFAULTS, options, 'channel scores');
  const counts = channelCounts(base);
  const wanted = o.channels ?? counts.map((c) => c.channel);
  const result: ChannelScores[] = [];
  for (const [k, channel] of wanted.entries()) {
    throwIfAborted(o.signal);
    const view = channelView(base, channel);
    const scores = scoreView(view, { pagerank: o.pagerank, reach: o.reach, start: o.start, signal: o.signal });
    result.push({ channel, relationships: view.snapshot.edgeCount, scores });
    o.onProgress?.((k + 1) / wanted.length);
  }
  return result;
}
