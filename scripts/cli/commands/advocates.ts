import { Option, type Command } from 'commander';
import { selectAdvocates, type AdvocateResult } from '../../../graph/algorithms/advocates/select.ts';
import type { SpreadResult } from '../../../graph/algorithms/diffusion/monte-carlo.ts';
import { parseProbability } from '../../../graph/algorithms/diffusion/probabilities.ts';
import { InvalidOptionsError } from '../../../graph/errors.ts';
import { computeScores } from '../../../graph/scores/compute.ts';
import type { Snapshot } from '../../../graph/snapshot.ts';
import { loadSnapshot } from '../../../server/jobs/score.ts';
import type { GraphStore } from '../../../server/stores/contract.ts';
import { createProgress } from '../progress.ts';
import { useStore, withStoreOptions, type StoreCliOptions } from '../store-options.ts';

interface AdvocatesCliOptions extends StoreCliOptions {
  k: string;
  model: 'ic' | 'lt';
  eps: string;
  probability: string;
  exclude?: string;
  excludeDetractors?: boolean;
  sentimentBelow: string;
  reputationBelow: string;
  customersOnly?: boolean;
  mustInclude?: string;
  capPerCommunity?: string;
  objective: 'reach' | 'value';
  seed: string;
  runs: string;
  json?: boolean;
}

export function registerAdvocates(program: Command): void {
  withStoreOptions(
    program
      .command('advocates')
      .description(
        'Choose the advocates whose word of mouth reaches furthest (OPIM-C on reverse-reachable sets, with a certified ratio), ' +
          'and compare them by Monte Carlo with the top out-degree and top influence-score people. Reads the store; writes nothing.',
      )
      .option('--k <n>', 'number of advocates, must-include ones included', '50')
      .addOption(
        new Option('--model <model>', 'diffusion model: Independent Cascade or Linear Threshold')
          .choices(['ic', 'lt'])
          .default('ic'),
      )
      .option('--eps <epsilon>', 'OPIM-C stops once the certified ratio reaches (1 - 1/e) - epsilon', '0.1')
      .option('--probability <p>', 'edge probabilities: wc (1 / in-degree), uniform:<p>, or weight', 'wc')
      .option('--exclude <ids>', 'comma-separated people who must not be chosen')
      .option(
        '--exclude-detractors',
        'exclude people with sentiment below --sentiment-below or reputation (current scores) below --reputation-below',
      )
      .option('--sentiment-below <x>', 'detractor threshold on sentiment in [-1, 1]', '0')
      .option('--reputation-below <x>', 'detractor threshold on the reputation score in [-1, 1]', '0')
      .option('--customers-only', 'choose only people marked as customers')
      .option('--must-include <ids>', 'comma-separated people chosen first, whatever the model says')
      .option(
        '--cap-per-community <n>',
        'the most advocates from one community (communities of the current scores, or detected now)',
      )
      .addOption(
        new Option('--objective <objective>', 'maximise people reached, or lifetime value (clv) reached')
          .choices(['reach', 'value'])
          .default('reach'),
      )
      .option('--seed <n>', 'seed of the RR sets (the evaluation uses seed + 1)', '42')
      .option('--runs <n>', 'Monte Carlo runs of the evaluation (0: none)', '10000')
      .option('--json', 'the whole result as JSON on stdout, progress as JSON lines on stderr'),
  ).action(async (options: AdvocatesCliOptions) => {
    const progress = createProgress({ json: options.json });
    const k = integerOption('k', options.k);
    const epsilon = numberOption('eps', options.eps);
    const probability = parseProbability(options.probability, 'sway advocates');
    const runs = integerOption('runs', options.runs);
    const cap =
      options.capPerCommunity === undefined ? null : integerOption('cap-per-community', options.capPerCommunity);
    try {
      const result = await useStore(options, async (store) => {
        progress.phase('load');
        const { snapshot, graphVersion } = await loadSnapshot(store);
        const scores = await currentScoreColumns(store, snapshot, ['community', 'reputation', 'pagerank']);
        let communities = scores.columns.community;
        if (cap !== null && !communities) {
          progress.phase('communities');
          communities = (await computeScores(snapshot, { only: ['communities'], seed: Number(options.seed) })).columns
            .community;
        }
        let currentPhase = '';
        const plan = selectAdvocates(snapshot, {
          k,
          model: options.model,
          probability,
          epsilon,
          objective: options.objective,
          seed: integerOption('seed', options.seed),
          evaluationRuns: runs,
          exclude: idList(options.exclude),
          mustInclude: idList(options.mustInclude),
          excludeDetractors: options.excludeDetractors ?? false,
          sentimentBelow: numberOption('sentiment-below', options.sentimentBelow),
          reputation: scores.columns.reputation,
          reputationBelow: numberOption('reputation-below', options.reputationBelow),
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

function idList(text: string | undefined): string[] | undefined {
  return text
    ?.split(',')
    .map((id) => id.trim())
    .filter(Boolean);
}

function numberOption(name: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new InvalidOptionsError('sway advocates', `--${name} must be a number, got "${text}"`);
  return value;
}

function integerOption(name: string, text: string): number {
  const value = numberOption(name, text);
  if (!Number.isInteger(value) || value < 0)
    throw new InvalidOptionsError('sway advocates', `--${name} must be a whole number, got "${text}"`);
  return value;
}

/**
 * Columns of the current score version by snapshot index (NaN where a person has no value), null for a column the
 * version lacks; PageRank of people scored before they joined is -1, so the influence baseline ranks them last.
 */
async function currentScoreColumns(store: GraphStore, snapshot: Snapshot, wanted: string[]) {
  const table = await store.readScores();
  const columns: Record<string, Float64Array | null> = {};
  for (const column of wanted)
    columns[column] = table?.columns.includes(column) ? new Float64Array(snapshot.nodeCount).fill(NaN) : null;
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

const integer = (x: number) => Math.round(x).toLocaleString('en-US');
/** Whole numbers from 1,000 up; one decimal below, where rounding would hide the differences. */
const figure = (x: number) => (Math.abs(x) >= 1000 ? integer(x) : x.toFixed(1));
const amount = (x: number, unit: 'people' | 'value') =>
  `${figure(x)} ${unit === 'people' ? 'people' : 'in lifetime value'}`;

/** The plan as a reader wants it: advocates with their gains, the guarantee, then the comparison with the baselines. */
export function formatPlan(plan: Plan): string {
  const lines: string[] = [];
  lines.push(
    `${plan.advocates.length} advocates by OPIM-C; ${plan.description}; objective: ${plan.objective === 'value' ? 'lifetime value reached' : 'people reached'}.`,
  );
  lines.push('');
  const idWidth = Math.max(2, ...plan.advocates.map((a) => a.id.length));
  const total = plan.unit === 'value' ? 'expected value' : 'expected reach';
  lines.push(`${'rank'.padStart(4)}  ${'id'.padEnd(idWidth)}  ${'marginal gain'.padStart(13)}  ${total.padStart(14)}`);
  for (const a of plan.advocates) {
    const gain = a.marginalGain.toFixed(1).padStart(13);
    lines.push(
      `${String(a.rank).padStart(4)}  ${a.id.padEnd(idWidth)}  ${gain}  ${a.cumulative.toFixed(1).padStart(14)}${a.mustInclude ? '  (must include)' : ''}`,
    );
  }
  lines.push('');
  const g = plan.guarantee;
  lines.push(
    `Certified ratio ${g.certifiedRatio.toFixed(3)} (target ${g.targetRatio.toFixed(3)}${g.met ? ', met' : ', NOT met'}): ${g.statement}`,
  );
  lines.push(
    `RR sets: ${integer(plan.rr.sets)} x 2 (${integer(plan.rr.members)} members, ${(plan.rr.bytes / 2 ** 20).toFixed(1)} MiB); ${g.rounds} of at most ${g.maxRounds} rounds; selection ${(plan.timings.selectionMs / 1000).toFixed(2)} s.`,
  );
  const evaluation = plan.evaluation;
  if (evaluation) {
    lines.push('');
    lines.push(
      `Independent Monte Carlo evaluation (${integer(evaluation.runs)} runs, seed ${evaluation.seed}; ${(plan.timings.evaluationMs / 1000).toFixed(1)} s):`,
    );
    const rows: Array<[string, SpreadResult]> = [
      ['these advocates', evaluation.selection],
      ...evaluation.baselines.map((b): [string, SpreadResult] => [b.name, b.spread]),
    ];
    const own = evaluation.selection.reach.mean;
    for (const [name, spread] of rows) {
      const [lo, hi] = spread.reach.ci95;
      const value = spread.value ? `, ${amount(spread.value.mean, 'value')}` : '';
      const gain =
        name === 'these advocates'
          ? ''
          : `  (these advocates reach ${(((own - spread.reach.mean) / spread.reach.mean) * 100).toFixed(1)}% more)`;
      lines.push(
        `  ${name.padEnd(20)} ${amount(spread.reach.mean, 'people')} (95% CI ${figure(lo)}-${figure(hi)})${value}${gain}`,
      );
    }
  }
  const excluded = plan.excluded;
  if (excluded.explicit + excluded.detractors + excluded.nonCustomers > 0) {
    lines.push('');
    lines.push(
      `Excluded: ${excluded.explicit} by id, ${excluded.detractors} detractors, ${excluded.nonCustomers} not customers.`,
    );
  }
  for (const warning of plan.warnings) lines.push(`Warning: ${warning}`);
  return `${lines.join('\n')}\n`;
}
