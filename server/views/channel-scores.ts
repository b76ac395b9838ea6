import { NotFoundError } from '../../graph/errors.ts';
import { channelColumn, PER_CHANNEL_COLUMNS, type ChannelEntry } from '../../graph/scores/definitions.ts';
import type { ScoreSetMeta } from '../../graph/scores/types.ts';
import { scoreTable, type ScoreTable } from '../stores/contract.ts';

/**
 * One channel's scores as a score table of their own: the per-channel columns (`influence__forum`, ...) under their
 * plain names (`influence`, `audience`, `reach2`), so an export or a reader of one channel reads it as it would read
 * the all-channel scores. Empty values stay empty: a person with no relationship on the channel has none.
 */
export function channelScoreTable(table: ScoreTable, channel: string): ScoreTable {
  const entry = findChannel(table.meta, channel);
  const wanted = PER_CHANNEL_COLUMNS.map((column) => table.columns.indexOf(channelColumn(column, entry.key)));
  const meta: ScoreSetMeta = { ...table.meta, channel: entry };
  return scoreTable(table.version, meta, [...PER_CHANNEL_COLUMNS], () => pick(table, wanted));
}

async function* pick(table: ScoreTable, wanted: number[]): AsyncGenerator<[string, Array<number | null>]> {
  for await (const [id, row] of table.values) yield [id, wanted.map((c) => (c < 0 ? null : row[c]))];
}

/** The channel a score set scored by that name (or column key); NotFoundError naming those it has otherwise. */
export function findChannel(meta: ScoreSetMeta, channel: string): ChannelEntry {
  const channels = meta.channels ?? [];
  const entry = channels.find((c) => c.name === channel) ?? channels.find((c) => c.key === channel);
  if (entry) return entry;
  throw new NotFoundError(
    channels.length === 0
      ? `channel "${channel}": this score version has no per-channel scores (the relationships name no channel, or the channels family was not run)`
      : `channel "${channel}" is not in this score version, which scored ${channels.map((c) => c.name).join(', ')}`,
  );
}
