/**
 * Maps between people's string ids and a snapshot's dense indices 0..n-1.
 */
export interface IdIndex {
  readonly size: number;
  idOf(index: number): string;
  /** The dense index of an id, or -1 when the id is unknown. */
  indexOf(id: string): number;
}

/** Ids as given by the source data. */
export class StringIds implements IdIndex {
  private readonly ids: string[] = [];
  private readonly map = new Map<string, number>();

  get size(): number {
    return this.ids.length;
  }

  idOf(index: number): string {
    const id = this.ids[index];
    if (id === undefined) throw new RangeError(`no person at index ${index}`);
    return id;
  }

  indexOf(id: string): number {
    return this.map.get(id) ?? -1;
  }

  /** The index of the id, adding it when new. */
  intern(id: string): number {
    let index = this.map.get(id);
    if (index === undefined) {
      index = this.ids.length;
      this.ids.push(id);
      this.map.set(id, index);
    }
    return index;
  }
}

/**
 * Ids that are the indices themselves ("0", "1", ...): synthetic graphs use them so that a 50-million-edge benchmark
 * spends no memory on id strings.
 */
export class IntegerIds implements IdIndex {
  constructor(readonly size: number) {}

  idOf(index: number): string {
    if (!(index >= 0 && index < this.size)) throw new RangeError(`no person at index ${index}`);
    return String(index);
  }

  indexOf(id: string): number {
    if (!/^(0|[1-9]\d*)$/.test(id)) return -1;
    const index = Number(id);
    return index < this.size ? index : -1;
  }
}

/**
 * Ids of a snapshot whose indices were renumbered (see SnapshotBuilder's `order`), or of a subset of another's people
 * (graph/views/compact.ts): index i is the base index toBase[i], and base index b is fromBase[b] (-1 when left out).
 */
export class PermutedIds implements IdIndex {
  constructor(
    private readonly base: IdIndex,
    private readonly toBase: Int32Array,
    private readonly fromBase: Int32Array,
  ) {}

  get size(): number {
    return this.toBase.length;
  }

  idOf(index: number): string {
    if (!(index >= 0 && index < this.toBase.length)) throw new RangeError(`no person at index ${index}`);
    return this.base.idOf(this.toBase[index]);
  }

  indexOf(id: string): number {
    const b = this.base.indexOf(id);
    return b < 0 ? -1 : this.fromBase[b];
  }
}
