import { availableParallelism } from 'node:os';
import { checkNumber } from '../options.ts';

/**
 * How many threads the parallel families use when the caller does not say: every core the machine offers (both on a
 * two-core machine). Results never depend on the number: work is split into fixed-size chunks, each with its own
 * random stream derived from the seed and the chunk's number, and chunk results are combined in chunk order.
 */
export const DEFAULT_THREADS = Math.max(1, availableParallelism());

/** Validates a `threads` option: null (or undefined) means DEFAULT_THREADS. */
export function resolveThreads(where: string, value: number | null | undefined): number {
  if (value === null || value === undefined) return DEFAULT_THREADS;
  return checkNumber(where, 'threads', value, { min: 1, max: 64, integer: true });
}
