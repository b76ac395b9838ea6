/**
 * Seeded pseudo-random numbers for every randomized algorithm (docs/ARCHITECTURE.md, "Conventions").
 * xoshiro128** (Blackman and Vigna, 2018) seeded through splitmix32: fast on 32-bit integer arithmetic, which is what
 * JavaScript engines execute best, and with a period of 2^128 - 1.
 */
export const DEFAULT_SEED = 42;

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** reseed's keys of the last (seed, world). */
  private keySeed = NaN;
  private keyWorld = NaN;
  private key1 = 0;
  private key2 = 0;

  constructor(seed: number = DEFAULT_SEED) {
    let s = seed >>> 0;
    const next = (): number => {
      // splitmix32
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
  }

  /**
   * Restarts this generator on the stream of `item` in `world` under `seed`: the same three numbers always give the
   * same sequence, whatever was drawn before. Live-edge worlds use it (CascadeSimulator.runInWorld): the relationships
   * a person passes a message on through in world w depend only on (seed, w, person), so two seed sets, or the same
   * worlds split across threads in any way, see exactly the same worlds. The state comes from two independent 32-bit
   * keys of (seed, world), computed once per world, each mixed with the item (about 64 bits in all, so two people of
   * one world practically never share a stream), and every word goes through MurmurHash3's finaliser.
   */
  reseed(seed: number, world: number, item: number): void {
    this.useKeys(seed, world);
    // For a fixed key, item -> key ^ item x odd constant -> fmix32 is one-to-one: within a world no two items share
    // their first (or second) state word, so no two people share a stream.
    const a = fmix32((this.key1 ^ Math.imul(item, 0x9e3779b1)) >>> 0);
    const b = fmix32((this.key2 ^ Math.imul(item + 1, 0x85ebca77)) >>> 0);
    this.a = a;
    this.b = b;
    this.c = fmix32((a ^ 0x27d4eb2f) >>> 0);
    this.d = fmix32((b ^ 0x165667b1) >>> 0) | 1; // never the all-zero state
  }

  /**
   * A uniform number in [0, 1) that depends only on (seed, world, item), without touching the stream: one hash, for
   * the one number a person needs in a world (a Linear Threshold threshold). Distinct items of a world never collide.
   */
  uniformAt(seed: number, world: number, item: number): number {
    this.useKeys(seed, world);
    return fmix32((this.key1 ^ Math.imul(item, 0x9e3779b1)) >>> 0) / 4294967296;
  }

  private useKeys(seed: number, world: number): void {
    if (seed === this.keySeed && world === this.keyWorld) return;
    this.keySeed = seed;
    this.keyWorld = world;
    this.key1 = fmix32((seed ^ fmix32(world + 0x9e3779b9)) >>> 0);
    this.key2 = fmix32((this.key1 ^ fmix32((world ^ 0x85ebca6b) + seed)) >>> 0);
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** A uniform float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A uniform integer in [0, n). */
  nextInt(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A function returning floats in [0, 1), for libraries that take an `rng` option (graphology's Louvain). */
  asFunction(): () => number {
    return () => this.next();
  }
}

/** MurmurHash3's 32-bit finaliser: every input bit flips each output bit with probability about 1/2. */
function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * The seed of stream `index` of a computation seeded with `seed`: parallel work is cut into fixed-size chunks and
 * chunk i draws from Random(streamSeed(seed, i)), so the numbers drawn, and the results, are the same whatever the
 * number of threads that shares the chunks. Two rounds of a 32-bit avalanche mix (murmur3's finaliser) of the pair.
 */
export function streamSeed(seed: number, index: number): number {
  let h = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
  for (let round = 0; round < 2; round++) {
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}
