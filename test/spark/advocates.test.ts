import { beforeAll, describe, expect, it } from 'vitest';
import { selectAdvocates } from '../../graph/algorithms/advocates/select.ts';
import { expectedSpread } from '../../graph/algorithms/diffusion/monte-carlo.ts';
import { readSnapshot } from '../../graph/import/index.ts';
import type { Snapshot } from '../../graph/snapshot.ts';
import { selectAdvocatesOnSpark } from '../../server/engines/spark/index.ts';
import { datasetPath } from '../datasets.ts';
import { sparkReady, TEST_SPARK } from './app.ts';

const ready = sparkReady();

/** A seed of its own for the evaluation: neither selection's RR sets came from it. */
const EVALUATION_SEED = 2024;

/**
 * Advocates chosen on Spark (RR sets sampled by executors, greedy and OPIM-C bounds on the driver) against the local
 * engine's, k = 50, epsilon 0.1, weighted cascade, edges as given (as the published OPIM-C figures): each selection's
 * spread measured by Sway's independent Monte Carlo evaluation, 10,000 runs with the same seed for both.
 */
for (const dataset of ['nethept', 'epinions'] as const) {
  describe.skipIf(!ready)(`Spark engine: advocates on ${dataset}`, () => {
    let snapshot: Snapshot;
    beforeAll(async () => {
      snapshot = await readSnapshot(datasetPath(`${dataset}.edgelist`), { format: 'edgelist', kind: 'influences' });
    });

    for (const model of ['ic', 'lt'] as const) {
      it(`${model.toUpperCase()}: the Spark selection reaches at least 99% of the local one`, async () => {
        const options = { k: 50, epsilon: 0.1, model, evaluationRuns: 0 };
        const local = selectAdvocates(snapshot, options);
        const spark = await selectAdvocatesOnSpark(snapshot, { ...options, spark: TEST_SPARK });
        expect(spark.advocates).toHaveLength(50);
        expect(spark.guarantee.met).toBe(true);
        expect(spark.guarantee.certifiedRatio).toBeGreaterThanOrEqual(1 - 1 / Math.E - 0.1);
        expect(spark.guarantee.statement).toMatch(/^With probability at least/);
        const evaluate = (seeds: Int32Array) =>
          expectedSpread(snapshot, seeds, { model, runs: 10_000, seed: EVALUATION_SEED }).reach.mean;
        const sparkSpread = evaluate(Int32Array.from(spark.advocates, (a) => a.index));
        const localSpread = evaluate(Int32Array.from(local.advocates, (a) => a.index));
        console.log(
          `${dataset} ${model}: Spark selection ${sparkSpread.toFixed(0)}, local ${localSpread.toFixed(0)} ` +
            `(${((100 * sparkSpread) / localSpread).toFixed(1)}%); certified ratio Spark ${spark.guarantee.certifiedRatio.toFixed(3)}, ` +
            `local ${local.guarantee.certifiedRatio.toFixed(3)}; ${spark.rr.sets} RR sets to choose and ${spark.rr.validationSets} to check on Spark`,
        );
        expect(sparkSpread).toBeGreaterThanOrEqual(0.99 * localSpread);
        // The validation sets' estimate of the selection agrees with the independent evaluation (5%).
        expect(Math.abs(spark.curve[49] - sparkSpread) / sparkSpread).toBeLessThan(0.05);
      }, 1_200_000);
    }
  });
}
