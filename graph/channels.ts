import { NotFoundError, SwayError } from './errors.ts';
import { optionalList } from './import/fields.ts';

/**
 * The channels a relationship is on (a forum, a social network, a newsletter...). A relationship's `channel` text may
 * name several, separated by `;` (or `|`), as a person's `channels` do: "forum;email". Stores keep the text as it is;
 * the compute snapshot holds each relationship's channels as a bitmask over a dictionary of channel names, one 32-bit
 * word an edge, so a snapshot tells at most MAX_CHANNELS channels apart.
 */
export const MAX_CHANNELS = 32;

/** The channel names in a relationship's `channel` text, in order, without blanks or repeats. */
export function channelsOf(text: string | null | undefined): string[] {
  return [...new Set(optionalList(text ?? undefined) ?? [])];
}

/** Numbers channel names as they first appear (bit k is the k-th name) and turns channel texts into bitmasks. */
export class ChannelDictionary {
  private readonly names: string[] = [];
  private readonly bits = new Map<string, number>();
  /** Masks of the texts seen so far: a graph repeats few distinct texts, each is split once. */
  private readonly masks = new Map<string, number>();

  /** Channel names by bit. */
  get channelNames(): readonly string[] {
    return this.names;
  }

  /** The bitmask of a relationship's channel text (0 for none); throws past MAX_CHANNELS distinct names. */
  maskOf(text: string): number {
    let mask = this.masks.get(text);
    if (mask === undefined) {
      mask = 0;
      for (const name of channelsOf(text)) mask |= 1 << this.bitOf(name);
      mask >>>= 0;
      this.masks.set(text, mask);
    }
    return mask;
  }

  private bitOf(name: string): number {
    let bit = this.bits.get(name);
    if (bit === undefined) {
      if (this.names.length === MAX_CHANNELS) {
        throw new SwayError(
          'INVALID_INPUT',
          `channels: the relationships name more than ${MAX_CHANNELS} channels (the first are ${this.names.slice(0, 5).join(', ')}, ...; ` +
            `"${name}" is one too many); Sway scores at most ${MAX_CHANNELS} channels`,
        );
      }
      bit = this.names.push(name) - 1;
      this.bits.set(name, bit);
    }
    return bit;
  }
}

/** The bitmask of the named channels in a snapshot's dictionary; throws for a name the snapshot does not hold. */
export function channelMask(channelNames: readonly string[], wanted: readonly string[], where: string): number {
  let mask = 0;
  for (const name of wanted) {
    const bit = channelNames.indexOf(name);
    if (bit < 0) {
      throw new NotFoundError(
        `${where}: no relationship is on channel "${name}" (channels: ${channelNames.length > 0 ? channelNames.join(', ') : 'none'})`,
      );
    }
    mask |= 1 << bit;
  }
  return mask >>> 0;
}
