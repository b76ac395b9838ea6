import { InvalidArgumentError, Option, type Command } from 'commander';
import { selectAdvocates, type AdvocateResult } from '../../../graph/algorithms/advocates/select.ts';
import type { SpreadResult } from '../../../graph/algorithms/diffusion/monte-carlo.ts';
import { parseProbability, type ProbabilityChoice } from '../../../graph/algorithms/diffusion/probabilities.ts';
import { DEFAULT_SEED } from '../../../graph/random.ts';
import { formatCount, formatDuration, formatExpectedPeople, formatFixed, formatMoney, formatObjective, formatPercent, formatQuantity } from '../../../graph/scores/format.ts';
import { computeScores } from '../../../graph/scores/compute.ts';
import type { Snapshot } from '../../../graph/snapshot.ts';
import { loadSnapshot } from '../../../server/jobs/score.ts';
import type { GraphStore } from '../../../server/stores/contract.ts';
import { listArgument, numberArgument, wholeNumberArgument } from '../arguments.ts';
import { createProgress } from '../progress.ts';
import { useStore, withStoreOptions, type StoreCliOptions } from '../store-options.ts';

interface AdvocatesCliOptions extends StoreCliOptions {
  k: number;
  model: 'ic' | 'lt';
  eps: number;
  probability: ProbabilityChoice;
  exclude?: string[];
  excludeDetractors?: boolean;
  sentimentBelow: number;
  reputationBelow: number;
  customersOnly?: boolean;
  mustInclude?: string[];
  capPerCommunity?: number;
  objective: 'reach' | 'value';
  seed: number;
  runs: number;
  json?: boolean;
}

/** --probability: wc, uniform:<p> or weight, checked while the command line is parsed. */
function probabilityArgument(text: string): ProbabilityChoice {
  try {
    return parseProbability(text, 'advocates');
  } catch {
    throw new InvalidArgumentError('It must be wc, uniform:<p> with 0 < p <= 1, or weight.');
  }
}

export function registerAdvocates(program: Command): void {
  withStoreOptions(
    program
      .command('advocates')
      .description(
        'Choose the advocates whose word of mouth reaches furthest (OPIM-C on reverse-reachable sets, with a certified ratio), ' +
          'and compare them by Monte Carlo with the top out-degree and top influence-score people. Reads the store; writes nothing.',
      )
      .option('--k <n>', 'number of advocates, must-include ones included', wholeNumberArgument({ min: 1 }), 50)
      .addOption(new Option('--model <model>', 'diffusion model: Independent Cascade or Linear Threshold').choices(['ic', 'lt']).default('ic'))
      .option('--eps <epsilon>', 'OPIM-C stops once the certified ratio reaches (1 - 1/e) - epsilon', numberArgument({ min: 0, max: 0.5, exclusiveMin: true }), 0.1)
      .addOption(
        new Option('--probability <p>', 'edge probabilities: wc (1 / in-degree), uniform:<p>, or weight').argParser(probabilityArgument).default(parseProbability('wc'), 'wc'),
      )
      .option('--exclude <ids>', 'comma-separated people who must not be chosen', listArgument())
      .option('--exclude-detractors', 'exclude people with sentiment below --sentiment-below or reputation (current scores) below --reputation-below')
      .option('--sentiment-below <x>', 'detractor threshold on sentiment in [-1, 1]', numberArgument({ min: -1, max: 1 }), 0)
      .option('--reputation-below <x>', 'detractor threshold on the reputation score in [-1, 1]', numberArgument({ min: -1, max: 1 }), 0)
      .option('--customers-only', 'choose only people marked as customers')
      .option('--must-include <ids>', 'comma-separated people chosen first, whatever the model says', listArgument())
      .option('--cap-per-community <n>', 'the most advocates from one community (communities of the current scores, or detected now)', wholeNumberArgument({ min: 1 }))
      .addOption(
        new Option('--objective <objective>', 'maximise people reached, or lifetime value (clv) reached').choices(['reach', 'value']).default('reach'),
      )
      .option('--seed <n>', 'seed of the RR sets (the evaluation uses seed + 1)', wholeNumberArgument(), DEFAULT_SEED)
      .option('--runs <n>', 'Monte Carlo runs of the evaluation (0: none)', wholeNumberArgument({ min: 0 }), 10_000)
      .option('--json', 'the whole result as JSON on stdout, progress as JSON lines on stderr'),
  ).action(async (options: AdvocatesCliOptions) => {
    const progress = createProgress({ json: options.json });
    const cap = options.capPerCommunity ?? null;
    try {
      const result = await useStore(options, async (store) => {
        progress.phase('load');
        const { snapshot, graphVersion } = await loadSnapshot(store);
        const scores = await currentScoreColumns(store, snapshot, ['community', 'reputation', 'pagerank']);
        let communities = scores.columns.community;
        if (cap !== null && !communities) {
          progress.phase('communities');
          communities = (await computeScores(snapshot, { only: ['communities'], seed: options.seed })).columns.community;
        }
        let currentPhase = '';
        const plan = selectAdvocates(snapshot, {
          k: options.k,
          model: options.model,
          probability: options.probability,
          epsilon: options.eps,
          objective: options.objective,
          seed: options.seed,
          evaluationRuns: options.runs,
          exclude: options.exclude,
          mustInclude: options.mustInclude,
          excludeDetractors: options.excludeDetractors ?? false,
          sentimentBelow: options.sentimentBelow,
          reputation: scores.columns.reputation,
          reputationBelow: options.reputationBelow,
          customersOnly: options.customersOnly ?? false,
          communities,
          capPerCommunity: cap,
          influenceScores: scores.columns.pagerank,
          onProgress: ({ phase, fraction, detail }) => {
            if (phase !== currentPhase) progress.phase((currentPhase = phase));
            progress.update(fraction, detail);
          },
        });
        return { ...plan, graphVersion, scoreVersion: scores.version };
      });
      progress.stop();
      process.stdout.write(options.json ? `${JSON.stringify(withoutIndices(result))}\n` : formatPlan(result));
    } finally {
      progress.stop();
    }
  });
}

type Plan = AdvocateResult & { graphVersion: number; scoreVersion: number | null };

/**
 * Columns of the current score version by snapshot index (NaN where a person has no value), null for a column the
 * version lacks; PageRank of people scored before they joined is -1, so the influence baseline ranks them last.
 */
async function currentScoreColumns(store: GraphStore, snapshot: Snapshot, wanted: string[]) {
  const table = await store.readScores();
  const columns: Record<string, Float64Array | null> = {};
  for (const column of wanted) columns[column] = table?.columns.includes(column) ? new Float64Array(snapshot.nodeCount).fill(NaN) : null;
  if (table) {
    for await (const row of table.rows) {
      const i = snapshot.ids.indexOf(row.id);
      if (i < 0) continue;
      for (const column of wanted) {
        const value = row.scores[column];
        if (columns[column] && value !== null && value !== undefined) columns[column][i] = value;
      }
    }
  }
  const pagerank = columns.pagerank;
  if (pagerank) for (let i = 0; i < pagerank.length; i++) if (Number.isNaN(pagerank[i])) pagerank[i] = -1;
  return { version: table?.version ?? null, columns };
}

function withoutIndices(plan: Plan) {
  return { ...plan, advocates: plan.advocates.map(({ index: _index, ...advocate }) => advocate) };
}

/** The plan as a reader wants it: advocates with their gains, the guarantee, then the comparison with the baselines. */
export function formatPlan(plan: Plan): string {
  const objective = (x: number) => formatObjective(x, plan.unit);
  const amount = (x: number, unit: 'people' | 'value') => (unit === 'value' ? `${formatMoney(x)} in lifetime value` : `${formatExpectedPeople(x)} people`);
  const lines: string[] = [];
  lines.push(`${formatQuantity(plan.advocates.length, 'advocate')} by OPIM-C; ${plan.description}; objective: ${plan.objective === 'value' ? 'lifetime value reached' : 'people reached'}.`);
  lines.push('');
  const idWidth = Math.max(2, ...plan.advocates.map((a) => a.id.length));
  const total = plan.unit === 'value' ? 'expected value' : 'expected reach';
  lines.push(`${'rank'.padStart(4)}  ${'id'.padEnd(idWidth)}  ${'marginal gain'.padStart(13)}  ${total.padStart(14)}`);
  for (const a of plan.advocates) {
    lines.push(
      `${String(a.rank).padStart(4)}  ${a.id.padEnd(idWidth)}  ${objective(a.marginalGain).padStart(13)}  ${objective(a.cumulative).padStart(14)}${a.mustInclude ? '  (must include)' : ''}`,
    );
  }
  lines.push(
    `Marginal gain: what each advocate adds to those above, estimated on random samples that played no part in choosing them; ` +
      `advocates are listed so that it never rises${plan.advocates.some((a) => a.mustInclude) ? ' (must-include people come first)' : ''}. ` +
      `The ${total} column adds the gains up; the Monte Carlo evaluation below checks the total independently.`,
  );
  lines.push('');
  const g = plan.guarantee;
  lines.push(`Certified ratio ${formatFixed(g.certifiedRatio, 3)} (target ${formatFixed(g.targetRatio, 3)}${g.met ? ', met' : ', NOT met'}): ${g.statement}`);
  lines.push(
    `RR sets: ${formatCount(plan.rr.sets)} x 2 (${formatCount(plan.rr.members)} members, ${formatFixed(plan.rr.bytes / 2 ** 20, 1)} MiB); ` +
      `${g.rounds} of at most ${g.maxRounds} rounds; selection ${formatDuration(plan.timings.selectionMs)}.`,
  );
  const evaluation = plan.evaluation;
  if (evaluation) {
    lines.push('');
    lines.push(`Independent Monte Carlo evaluation (${formatCount(evaluation.runs)} runs, seed ${evaluation.seed}; ${formatDuration(plan.timings.evaluationMs)}):`);
    const rows: Array<[string, SpreadResult]> = [
      ['these advocates', evaluation.selection],
      ...evaluation.baselines.map((b): [string, SpreadResult] => [b.name, b.spread]),
    ];
    const own = evaluation.selection.reach.mean;
    for (const [name, spread] of rows) {
      const [lo, hi] = spread.reach.ci95;
      const value = spread.value ? `, ${amount(spread.value.mean, 'value')}` : '';
      const gain = name === 'these advocates' ? '' : `  (these advocates reach ${formatPercent((own - spread.reach.mean) / spread.reach.mean, 1)} more)`;
      lines.push(`  ${name.padEnd(20)} ${amount(spread.reach.mean, 'people')} (95% CI ${formatExpectedPeople(lo)}-${formatExpectedPeople(hi)})${value}${gain}`);
    }
  }
  const excluded = plan.excluded;
  if (excluded.explicit + excluded.detractors + excluded.nonCustomers > 0) {
    lines.push('');
    lines.push(
      `Excluded: ${formatQuantity(excluded.explicit, 'person', 'people')} by id, ${formatQuantity(excluded.detractors, 'detractor')}, ` +
        `${formatQuantity(excluded.nonCustomers, 'person', 'people')} not customers.`,
    );
  }
  for (const warning of plan.warnings) lines.push(`Warning: ${warning}`);
  return `${lines.join('\n')}\n`;
}
