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

/**
 * Ids read from a file as they come: while every id is a canonical non-negative integer below 2^31 ("0", "17", not
 * "007" or "-3"), each is held as a number in a typed array with an open-addressing hash table (20 to 40 bytes a
 * person, the number and two to four table slots, instead of a string and a Map entry); the first id that is not
 * turns the index into StringIds (the numbers met so far become their strings, in order), so "007" and "7" stay
 * different people.
 */
export class ParsedIds implements IdIndex {
  private numbers = new Int32Array(1024);
  private count = 0;
  /**
   * Hash table, open addressing with linear probing: slot s holds the id at 2s (-1 empty) and its index at 2s + 1, side
   * by side so that a lookup in a table larger than the caches costs one miss, not two.
   */
  private table = new Int32Array(4096).fill(-1);
  private mask = 2047;
  private strings: StringIds | null = null;

  get size(): number {
    return this.strings ? this.strings.size : this.count;
  }

  get numeric(): boolean {
    return this.strings === null;
  }

  idOf(index: number): string {
    if (this.strings) return this.strings.idOf(index);
    if (!(index >= 0 && index < this.count)) throw new RangeError(`no person at index ${index}`);
    return String(this.numbers[index]);
  }

  indexOf(id: string): number {
    if (this.strings) return this.strings.indexOf(id);
    return isCanonicalInteger(id) ? this.find(Number(id)) : -1;
  }

  /** The index of an id, adding it when new: as a number while it is a canonical integer below 2^31. */
  intern(id: string): number {
    if (this.strings === null && isCanonicalInteger(id)) return this.internNumber(Number(id));
    return this.internString(id);
  }

  /** The index of a numeric id (0 <= id < 2^31), adding it when new. */
  internNumber(id: number): number {
    if (this.strings) return this.strings.intern(String(id));
    const { table, mask } = this;
    let slot = Math.imul(id, 0x9e3779b1) & mask;
    for (;;) {
      const key = table[2 * slot];
      if (key === id) return table[2 * slot + 1];
      if (key === -1) break;
      slot = (slot + 1) & mask;
    }
    const index = this.count++;
    if (index === this.numbers.length) {
      const grown = new Int32Array(index * 2);
      grown.set(this.numbers);
      this.numbers = grown;
    }
    this.numbers[index] = id;
    table[2 * slot] = id;
    table[2 * slot + 1] = index;
    if (this.count * 2 > mask) this.rehash();
    return index;
  }

  /** The index of an id given as text, adding it when new; switches to string ids for good. */
  internString(id: string): number {
    if (!this.strings) {
      const strings = new StringIds();
      for (let i = 0; i < this.count; i++) strings.intern(String(this.numbers[i]));
      this.strings = strings;
      this.numbers = new Int32Array(0);
      this.table = new Int32Array(0);
    }
    return this.strings.intern(id);
  }

  private find(id: number): number {
    const { table, mask } = this;
    for (let slot = Math.imul(id, 0x9e3779b1) & mask; ; slot = (slot + 1) & mask) {
      if (table[2 * slot] === id) return table[2 * slot + 1];
      if (table[2 * slot] === -1) return -1;
    }
  }

  private rehash(): void {
    const slots = (this.mask + 1) * 2;
    const table = new Int32Array(2 * slots).fill(-1);
    const mask = slots - 1;
    for (let index = 0; index < this.count; index++) {
      const id = this.numbers[index];
      let slot = Math.imul(id, 0x9e3779b1) & mask;
      while (table[2 * slot] !== -1) slot = (slot + 1) & mask;
      table[2 * slot] = id;
      table[2 * slot + 1] = index;
    }
    this.table = table;
    this.mask = mask;
  }
}

/** "0", "17", "2147483647": digits only, no leading zero, below 2^31. */
function isCanonicalInteger(id: string): boolean {
  const length = id.length;
  if (length === 0 || length > 10 || (length > 1 && id.charCodeAt(0) === 48)) return false;
  for (let i = 0; i < length; i++) {
    const c = id.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return length < 10 || Number(id) <= 0x7fffffff;
}
