/**
 * Seeded pseudo-random numbers for every randomized algorithm (ARCHITECTURE.md, "Determinism").
 * xoshiro128** (Blackman and Vigna, 2018) seeded through splitmix32: fast on 32-bit integer arithmetic, which is what
 * JavaScript engines execute best, and with a period of 2^128 - 1.
 */
export const DEFAULT_SEED = 42;

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

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
   * mixes of the three numbers (about 64 bits), so two people of one world practically never share a stream.
   */
  reseed(seed: number, world: number, item: number): void {
    const h1 = fmix32((seed ^ fmix32((world ^ fmix32(item + 0x9e3779b9)) + 0x85ebca6b)) >>> 0);
    const h2 = fmix32((h1 ^ fmix32((item ^ fmix32(world + 0xc2b2ae35)) + 0x27d4eb2f) ^ seed) >>> 0);
    this.a = splitmix32(h1);
    this.b = splitmix32(h1 + 0x9e3779b9);
    this.c = splitmix32(h2);
    this.d = splitmix32(h2 + 0x9e3779b9) | 1; // never the all-zero state
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

/** One splitmix32 output for state `s` (after its increment). */
function splitmix32(s: number): number {
  let z = (s + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
