import { join } from 'node:path';
import { fairnessGoodnessOfRatings } from '../../../graph/algorithms/reputation/fairness-goodness.ts';
import { leaveOneOut, leaveOneOutFromScratch } from '../../../graph/algorithms/reputation/leave-one-out.ts';
import { ratingGraph } from '../../../graph/algorithms/reputation/ratings.ts';
import { readSnapshot } from '../../../graph/import/index.ts';
import type { BenchContext, BenchSection } from '../section.ts';

const SAMPLE = 500;
const TOLERANCE = 1e-5;

/**
 * Leave-one-out on Bitcoin OTC: the local repair of the fixed point (leave-one-out.ts) against the baseline of
 * recomputing Fairness and Goodness from scratch without each rating, on the same sample of held-out ratings, with
 * the largest difference between their predictions (bounded by the repair's tolerance plus the baseline's).
 */
export const reputationSection: BenchSection = {
  id: 'reputation',
  title: 'Reputation: leave-one-out by local repair against recomputation from scratch (bitcoin-otc)',
  async run(context: BenchContext) {
    const snapshot = await readSnapshot(join(context.datasetsDir, 'bitcoin-otc.csv'), {
      format: 'signed-csv',
      ratingRange: [-10, 10],
    });
    const ratings = ratingGraph(snapshot);
    let started = performance.now();
    const full = fairnessGoodnessOfRatings(ratings, { tolerance: 1e-10 });
    const fullMs = performance.now() - started;
    context.log(
      `${ratings.ratingCount.toLocaleString('en-US')} ratings; Fairness and Goodness to 1e-10: ${full.iterations} iterations, ${fullMs.toFixed(1)} ms`,
    );

    const step = Math.floor(ratings.ratingCount / SAMPLE);
    const sample = Int32Array.from({ length: SAMPLE }, (_, i) => i * step);
    started = performance.now();
    const scratch = leaveOneOutFromScratch(ratings, { tolerance: TOLERANCE / 2, ratings: sample });
    const scratchPerRating = (performance.now() - started) / SAMPLE;
    const local = leaveOneOut(ratings, { tolerance: TOLERANCE, ratings: sample });
    let difference = 0;
    for (let i = 0; i < SAMPLE; i++)
      difference = Math.max(difference, Math.abs(local.predicted[i] - scratch.predicted[i]));

    // The repair's time on every rating, its one computation of the full fixed point included.
    started = performance.now();
    leaveOneOut(ratings, { tolerance: TOLERANCE });
    const allMs = performance.now() - started;
    const localPerRating = allMs / ratings.ratingCount;
    context.table(
      ['method', 'ms a rating', 'all ratings (s)', 'speed-up'],
      [
        [
          `from scratch (baseline, ${SAMPLE} held out)`,
          scratchPerRating.toFixed(3),
          `${((scratchPerRating * ratings.ratingCount) / 1000).toFixed(0)} (projected)`,
          '1.00',
        ],
        [
          'local repair (all held out)',
          localPerRating.toFixed(3),
          (allMs / 1000).toFixed(1),
          (scratchPerRating / localPerRating).toFixed(1),
        ],
      ],
    );
    context.log(
      `largest difference between the two: ${difference.toExponential(2)} (proven bound ${(local.errorBound + scratch.errorBound).toExponential(0)})`,
    );
  },
};
