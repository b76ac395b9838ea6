import { join } from 'node:path';
import { selectAdvocates } from '../../../graph/algorithms/advocates/select.ts';
import { spreadOn, type SpreadResult } from '../../../graph/algorithms/diffusion/monte-carlo.ts';
import { diffusionGraph, type DiffusionModel } from '../../../graph/algorithms/diffusion/probabilities.ts';
import { readSnapshot } from '../../../graph/import/index.ts';
import { celf } from '../celf.ts';
import type { BenchContext, BenchSection } from '../section.ts';

const K = 50;
const EPSILON = 0.1;
const EVALUATION_RUNS = 10_000;
/** Neo4j GDS's default number of simulations per CELF estimate. */
const CELF_RUNS = 100;
/** CELF needs minutes for 50 seeds on epinions: it gets this long, and is compared at the number of seeds it reached. */
const CELF_BUDGET_MS = 120_000;
/** ../shared/datasets/README.md: the OPIM-C reference implementation at k = 50, epsilon 0.1, weighted cascade. */
const REFERENCE: Record<DiffusionModel, number> = { ic: 11_480, lt: 15_690 };
/** The C++ reference OPIM-C selects for IC in about 0.08 s on this machine; the target is within 2x of it. */
const CPP_IC_MS = 80;

const spreadText = (s: SpreadResult) =>
  `${s.reach.mean.toFixed(0)} (${s.reach.ci95.map((x) => x.toFixed(0)).join('-')})`;

/**
 * Advocate selection on epinions (edges as given, weighted cascade), k = 50: Sway's OPIM-C against a Monte Carlo
 * CELF greedy run in the same process, every seed set evaluated by the same independent Monte Carlo simulation.
 */
export const advocatesSection: BenchSection = {
  id: 'advocates',
  title: `Advocates: OPIM-C against Monte Carlo CELF on epinions (k = ${K}, epsilon ${EPSILON}, weighted cascade)`,
  async run(context: BenchContext) {
    const snapshot = await readSnapshot(join(context.datasetsDir, 'epinions.edgelist'), {
      format: 'edgelist',
      kind: 'influences',
    });
    for (const model of ['ic', 'lt'] as const) {
      const graph = diffusionGraph(snapshot, model, { kind: 'wc' });
      const sway = selectAdvocates(snapshot, { k: K, epsilon: EPSILON, model, evaluationRuns: EVALUATION_RUNS });
      const evaluation = sway.evaluation!;
      const baseline = celf(graph, K, CELF_RUNS, 7, CELF_BUDGET_MS);
      const m = baseline.seeds.length;
      const evaluate = (seeds: number[]) => spreadOn(graph, seeds, { runs: EVALUATION_RUNS, seed: evaluation.seed });
      const celfSpread = evaluate(baseline.seeds);
      const swayFirst = evaluate(sway.advocates.slice(0, m).map((a) => a.index));
      const seconds = (ms: number) => (ms / 1000).toFixed(ms < 1000 ? 3 : 1);

      context.log(`\n${sway.description}`);
      context.table(
        [
          'selection',
          'seeds',
          'time (s)',
          `spread, ${EVALUATION_RUNS.toLocaleString('en-US')} runs (95% CI)`,
          'of the reference',
        ],
        [
          [
            'Sway OPIM-C',
            K,
            seconds(sway.timings.selectionMs),
            spreadText(evaluation.selection),
            `${((100 * evaluation.selection.reach.mean) / REFERENCE[model]).toFixed(1)}%`,
          ],
          ...evaluation.baselines.map((b) => [
            b.name,
            K,
            '-',
            spreadText(b.spread),
            `${((100 * b.spread.reach.mean) / REFERENCE[model]).toFixed(1)}%`,
          ]),
          [`Sway OPIM-C, first ${m}`, m, '-', spreadText(swayFirst), '-'],
          [`Monte Carlo CELF (${CELF_RUNS} runs an estimate)`, m, seconds(baseline.ms), spreadText(celfSpread), '-'],
        ],
      );
      context.log(
        `CELF: ${baseline.estimates.toLocaleString('en-US')} estimates (first pass over every person ${seconds(baseline.firstPassMs)} s)` +
          (baseline.stopped ? `; stopped at its ${CELF_BUDGET_MS / 1000} s budget with ${m} of ${K} seeds` : '') +
          `. Sway chose all ${K} ${(baseline.ms / sway.timings.selectionMs).toFixed(0)}x faster than CELF chose ${m}.`,
      );
      context.log(
        `Certified ratio ${sway.guarantee.certifiedRatio.toFixed(3)} (target ${sway.guarantee.targetRatio.toFixed(3)}); ` +
          `RR sets ${sway.rr.sets.toLocaleString('en-US')} x 2, ${sway.rr.members.toLocaleString('en-US')} members, ${(sway.rr.bytes / 2 ** 20).toFixed(1)} MiB` +
          (model === 'ic'
            ? `; selection ${sway.timings.selectionMs.toFixed(0)} ms against the ${2 * CPP_IC_MS} ms target (2x the C++ reference)`
            : ''),
      );
    }
  },
};
