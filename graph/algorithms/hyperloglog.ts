/**
 * HyperLogLog cardinality sketches (Flajolet, Fusy, Gandouet and Meunier, 2007) with the small-range linear-counting
 * correction. With 2^p registers the relative standard error is 1.04 / sqrt(2^p): 1.6% at the default p = 12.
 * Registers are bytes in a caller-provided Uint8Array so many sketches can share one pool (two-hop reach unites them
 * with a SIMD kernel, reach-kernel.ts).
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

/** 2^-r for every register value r (at most 33 with 32-bit hashes): the estimate reads a table, not pow. */
const INVERSE_POWERS = Float64Array.from({ length: 64 }, (_, r) => 2 ** -r);

export function hllEstimate(registers: Uint8Array, offset: number, precision: number): number {
  const m = 2 ** precision;
  let sum = 0;
  let zeros = 0;
  for (let i = 0; i < m; i++) {
    const r = registers[offset + i];
    sum += INVERSE_POWERS[r];
    if (r === 0) zeros++;
  }
  const alpha = 0.7213 / (1 + 1.079 / m);
  const estimate = (alpha * m * m) / sum;
  if (estimate <= 2.5 * m && zeros > 0) return m * Math.log(m / zeros);
  return estimate;
}
