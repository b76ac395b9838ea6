import { availableParallelism } from 'node:os';
import { checkNumber } from '../options.ts';

/**
 * How many threads the parallel families use when the caller does not say: every core the machine offers (both on a
 * two-core machine). Results never depend on the number: work is split into fixed-size chunks, each with its own
 * random stream derived from the seed and the chunk's number, and chunk results are combined in chunk order.
 *
 * A function, not a constant: the client bundles the score declarations, which reach this module, and a browser has
 * no node:os to call at load time.
 */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

/** Validates a `threads` option: null (or undefined) means defaultThreads(). */
export function resolveThreads(where: string, value: number | null | undefined): number {
  if (value === null || value === undefined) return defaultThreads();
  return checkNumber(where, 'threads', value, { min: 1, max: 64, integer: true });
}
