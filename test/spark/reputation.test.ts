import { beforeAll, describe, expect, it } from 'vitest';
import { readSnapshot } from '../../graph/import/index.ts';
import { computeScores } from '../../graph/scores/compute.ts';
import type { ScoreSet } from '../../graph/scores/types.ts';
import { computeScoresOnSpark } from '../../server/engines/spark/index.ts';
import { datasetPath } from '../datasets.ts';
import { sparkReady, TEST_SPARK } from './app.ts';

const ready = sparkReady();

/** L1 distance over the people who have a value in both; the NaN pattern must be the same. */
function l1(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    expect(Number.isNaN(a[i])).toBe(Number.isNaN(b[i]));
    if (!Number.isNaN(a[i])) sum += Math.abs(a[i] - b[i]);
  }
  return sum;
}

/** Fairness and Goodness on bitcoin-otc (5,881 people, 35,592 signed ratings) computed by Spark and by Sway. */
describe.skipIf(!ready)('Spark engine: reputation on bitcoin-otc', () => {
  let local: ScoreSet;
  let spark: ScoreSet;

  beforeAll(async () => {
    const snapshot = await readSnapshot(datasetPath('bitcoin-otc.csv'), { format: 'signed-csv' });
    // Reputation reads the value family's spread for detractor reach, so both families run.
    local = await computeScores(snapshot, { only: ['reputation'] });
    spark = await computeScoresOnSpark(snapshot, { only: ['reputation'], spark: TEST_SPARK });
  }, 1_200_000);

  it('Fairness and Goodness: L1 distance below 1e-6, the same people without a value', () => {
    expect(l1(spark.columns.reputation, local.columns.reputation)).toBeLessThan(1e-6);
    expect(l1(spark.columns.fairness, local.columns.fairness)).toBeLessThan(1e-6);
    expect(spark.meta.summary.reputationIterations).toBe(local.meta.summary.reputationIterations);
    expect(spark.meta.summary.reputationConverged).toBe(true);
  });

  it('the same detractors (549 on bitcoin-otc at the default threshold), each with a detractor reach', () => {
    expect(Array.from(spark.columns.detractor)).toEqual(Array.from(local.columns.detractor));
    expect(spark.meta.summary.detractors).toBe(549);
    for (let i = 0; i < spark.columns.detractor.length; i++) {
      expect(Number.isNaN(spark.columns.detractor_reach[i])).toBe(spark.columns.detractor[i] === 0);
    }
  });
});
