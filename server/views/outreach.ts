import { channelColumn, COLUMN, type ChannelEntry } from '../../graph/scores/definitions.ts';
import type { ScoreView } from '../cache/score-view.ts';

/** Who counts as influential on a channel, and as weak on another: percentiles (0-100) among the people there. */
export const OUTREACH_DEFAULTS = { limit: 50, strongPercentile: 90, weakPercentile: 50 };

export interface OutreachEntry {
  /** Snapshot index. */
  index: number;
  /** Influence on the channel where the person is strong, and its percentile among the people on it. */
  strong: number;
  strongPercentile: number;
  /** Influence on the other channel (null: not on it at all) and its percentile there. */
  weak: number | null;
  weakPercentile: number | null;
}

/**
 * An outreach list: people influential on one channel (at or above `strongPercentile` of its influence) who are absent
 * from another or weak there (below `weakPercentile`), most influential first. They carry weight with one audience
 * and are not yet heard by the other: candidates to bring over.
 */
export function outreachList(
  scores: ScoreView,
  strong: ChannelEntry,
  weak: ChannelEntry,
  options: Partial<typeof OUTREACH_DEFAULTS> = {},
): OutreachEntry[] {
  const o = { ...OUTREACH_DEFAULTS, ...options };
  const strongColumn = channelColumn(COLUMN.influence, strong.key);
  const weakColumn = channelColumn(COLUMN.influence, weak.key);
  const list: OutreachEntry[] = [];
  for (const index of scores.order(strongColumn)) {
    if (list.length >= o.limit) break;
    const value = scores.value(strongColumn, index);
    // Ordered highest first, people without a value last: past the first below the bar, nobody qualifies.
    const percentile = scores.percentile(strongColumn, value);
    if (value === null || percentile === null || percentile < o.strongPercentile) break;
    const other = scores.value(weakColumn, index);
    const otherPercentile = scores.percentile(weakColumn, other);
    if (other !== null && otherPercentile !== null && otherPercentile >= o.weakPercentile) continue;
    list.push({ index, strong: value, strongPercentile: percentile, weak: other, weakPercentile: otherPercentile });
  }
  return list;
}
