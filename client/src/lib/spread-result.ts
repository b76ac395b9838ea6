import type { SpreadReport } from '../../../server/usecases/spread.ts';

/**
 * A spread analysis as the Spread screen shows it. The job's result crosses the API as `unknown` (jobs carry any kind
 * of result), so it is checked here once against the spread task's SpreadReport before anything reads it.
 */
export type SpreadResult = SpreadReport;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

export function normalizeSpread(raw: unknown): SpreadResult {
  if (!isObject(raw)) throw new Error('not an object');
  for (const field of ['starting', 'top', 'people', 'paths'])
    if (!Array.isArray(raw[field])) throw new Error(`${field} is not a list`);
  if (!isObject(raw.total) || typeof raw.total.mean !== 'number') throw new Error('total has no mean');
  if (!isObject(raw.sample) || !Array.isArray(raw.sample.hops)) throw new Error('sample has no hops');
  return raw as unknown as SpreadResult;
}

/** The relationships of a path as `source→target` keys, as the graph canvas emphasises them. */
export function pathLinks(ids: readonly string[]): string[] {
  return ids.slice(1).map((id, i) => `${ids[i]}→${id}`);
}
