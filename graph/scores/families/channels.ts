import { channelCounts } from '../../views/channels.ts';
import { scoreChannels } from '../channel-scores.ts';
import { channelColumn, channelKeys, DECLARATIONS } from '../definitions.ts';
import { defineFamily } from '../family.ts';

/**
 * Influence, audience and two-hop reach on each channel's relationships alone (graph/scores/channel-scores.ts), as
 * columns `influence__forum`, `audience__forum`, ... (definitions.ts channelColumn; the set's meta.channels names
 * them). A person with no relationship on a channel has empty values there, not 0. Each channel's PageRank starts
 * from the whole graph's. Nothing when the relationships name no channel.
 */
export const channelsFamily = defineFamily({
  ...DECLARATIONS.channels,
  dependsOn: ['influence'],
  dataColumns: true,
  defaults: { weighted: false },
  compute({ snapshot, options, columns, summary, signal, onProgress }) {
    const present = channelCounts(snapshot);
    summary.channelCount = present.length;
    if (present.length === 0) return {};
    const keys = channelKeys(snapshot.edgeAttributes.channelNames);
    const keyOf = new Map(snapshot.edgeAttributes.channelNames.map((name, k) => [name, keys[k]]));
    const produced: Record<string, Float64Array> = {};
    for (const { channel, scores } of scoreChannels(snapshot, {
      channels: present.map((c) => c.channel),
      pagerank: { weighted: options.weighted },
      start: columns.pagerank ?? null,
      signal,
      onProgress,
    })) {
      const key = keyOf.get(channel)!;
      produced[channelColumn('influence', key)] = scores.influence;
      produced[channelColumn('audience', key)] = scores.audience;
      produced[channelColumn('reach2', key)] = scores.reach2 ?? new Float64Array(snapshot.nodeCount).fill(NaN);
    }
    return produced;
  },
});
