/**
 * HyperLogLog cardinality sketches (Flajolet, Fusy, Gandouet and Meunier, 2007) with the small-range linear-counting
 * correction. With 2^p registers the relative standard error is 1.04 / sqrt(2^p): 1.6% at the default p = 12.
 * Registers are bytes in a caller-provided Uint8Array so many sketches can share one pool.
 */
export function hllRelativeError(precision: number): number {
  return 1.04 / Math.sqrt(2 ** precision);
}

/** A 32-bit avalanche hash of a person index (the murmur3 finaliser). */
export function hashIndex(x: number): number {
  let h = x ^ 0x9e3779b9;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function hllAdd(registers: Uint8Array, offset: number, precision: number, value: number): void {
  const h = hashIndex(value);
  const index = h >>> (32 - precision);
  const rest = (h << precision) >>> 0;
  // Rank: position of the first 1-bit in the remaining 32 - p bits, counting from 1.
  const rank = rest === 0 ? 33 - precision : Math.clz32(rest) + 1;
  if (rank > registers[offset + index]) registers[offset + index] = rank;
}

/**
 * Register-wise maximum of two sketches, four registers per 32-bit word (SWAR): registers are below 64, so a byte's
 * high bit is free to carry the "a >= b" comparison of each lane. Offsets and size are multiples of 4.
 */
export function hllMerge(
  target: Uint32Array,
  targetWord: number,
  source: Uint32Array,
  sourceWord: number,
  words: number,
): void {
  for (let i = 0; i < words; i++) {
    const a = target[targetWord + i];
    const b = source[sourceWord + i];
    if (a === b) continue;
    const ge = (((a | 0x80808080) - b) & 0x80808080) >>> 7;
    const mask = Math.imul(ge, 0xff);
    target[targetWord + i] = ((a & mask) | (b & ~mask)) >>> 0;
  }
}

export function hllEstimate(registers: Uint8Array, offset: number, precision: number): number {
  const m = 2 ** precision;
  let sum = 0;
  let zeros = 0;
  for (let i = 0; i < m; i++) {
    const r = registers[offset + i];
    sum += 2 ** -r;
    if (r === 0) zeros++;
  }
  const alpha = 0.7213 / (1 + 1.079 / m);
  const estimate = (alpha * m * m) / sum;
  if (estimate <= 2.5 * m && zeros > 0) return m * Math.log(m / zeros);
  return estimate;
}
