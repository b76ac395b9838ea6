import { InvalidOptionsError } from '../../graph/errors.ts';
import type { ScoreSet } from '../../graph/scores/types.ts';

/**
 * Score column names become SQL column names (embedded store) and node property names (Neo4j): registry names are
 * snake_case, and anything else is refused rather than quoted, so no name can smuggle in a query.
 */
export function checkScoreColumn(column: string): string {
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(column) || RESERVED.has(column)) {
    throw new InvalidOptionsError(
      'writeScoreSet',
      `score column "${column}" is not a valid name (lower-case letters, digits and _, not ${[...RESERVED].join(', ')})`,
    );
  }
  return column;
}

// `clv` is not reserved: the value family publishes it as a score column (issue 4), equal to the person's own clv.
const RESERVED = new Set([
  'id',
  'version',
  'person',
  'score_version',
  'label',
  'handle',
  'segment',
  'region',
  'channels',
  'customer',
  'sentiment',
]);

/** Checks a score set before anything is written; returns its columns in order. */
export function checkScoreSet(set: ScoreSet): string[] {
  const where = 'writeScoreSet';
  if (!set || typeof set !== 'object' || !set.columns || !set.meta || !set.ids) {
    throw new InvalidOptionsError(where, 'a score set needs ids, columns and meta');
  }
  const n = set.ids.length;
  const columns = Object.keys(set.columns);
  for (const column of columns) {
    checkScoreColumn(column);
    const values = set.columns[column];
    if (!(values instanceof Float64Array) || values.length !== n) {
      throw new InvalidOptionsError(where, `column "${column}" must be a Float64Array of ${n} values, one per id`);
    }
  }
  return columns;
}
