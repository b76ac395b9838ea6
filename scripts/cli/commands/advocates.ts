import { Option, type Command } from 'commander';
import type { SpreadResult } from '../../../graph/algorithms/diffusion/monte-carlo.ts';
import { advocatePlanOptions, planAdvocates, type AdvocatePlan } from '../../../server/usecases/advocates.ts';
import {
  formatCount,
  formatDuration,
  formatExpectedPeople,
  formatFixed,
  formatMoney,
  formatObjective,
  formatPercent,
  formatQuantity,
} from '../../../graph/scores/format.ts';
import { engineFlags, withEngineOptions, type EngineCliOptions } from '../engine-options.ts';
import { listFlag, numberFlag, parseFlags } from '../flags.ts';
import { createProgress, progressHooks } from '../progress.ts';
import { useStore, withStoreOptions, type StoreCliOptions } from '../store-options.ts';

interface AdvocatesCliOptions extends StoreCliOptions, EngineCliOptions {
  k?: string;
  model?: string;
  eps?: string;
  probability?: string;
  exclude?: string;
  excludeDetractors?: boolean;
  sentimentBelow?: string;
  reputationBelow?: string;
  customersOnly?: boolean;
  mustInclude?: string;
  capPerCommunity?: string;
  objective?: string;
  seed?: string;
  runs?: string;
  json?: boolean;
}

/** The flag behind each option of the plan (server/usecases/advocates.ts), where it is not `--<option>`. */
const FLAGS = { epsilon: '--eps', include: '--must-include', evaluationRuns: '--runs' };

/** The schema's default of an option, for the help text (the defaults are written once, in the library). */
const defaultOf = (option: keyof typeof DEFAULTS) => `default ${DEFAULTS[option]}`;
const DEFAULTS = advocatePlanOptions.parse({});

export function registerAdvocates(program: Command): void {
  withStoreOptions(
    withEngineOptions(
      program
        .command('advocates')
        .description(
          'Choose the advocates whose word of mouth reaches furthest (OPIM-C on reverse-reachable sets, with a certified ratio), ' +
            'and compare them by Monte Carlo with the top out-degree and top influence-score people. Reads the store; writes nothing.',
        )
        .option('--k <n>', `number of advocates, must-include ones included (${defaultOf('k')})`)
        .addOption(
          new Option(
            '--model <model>',
            `diffusion model: Independent Cascade or Linear Threshold (${defaultOf('model')})`,
          ).choices(['ic', 'lt']),
        )
        .option(
          '--eps <epsilon>',
          `OPIM-C stops once the certified ratio reaches (1 - 1/e) - epsilon (${defaultOf('epsilon')})`,
        )
        .option(
          '--probability <p>',
          `edge probabilities: wc (1 / in-degree), uniform:<p>, or weight (${defaultOf('probability')})`,
        )
        .option('--exclude <ids>', 'comma-separated people who must not be chosen')
        .option(
          '--exclude-detractors',
          'exclude people with sentiment below --sentiment-below or reputation (current scores) below --reputation-below',
        )
        .option('--sentiment-below <x>', `detractor threshold on sentiment in [-1, 1] (${defaultOf('sentimentBelow')})`)
        .option(
          '--reputation-below <x>',
          `detractor threshold on the reputation score in [-1, 1] (${defaultOf('reputationBelow')})`,
        )
        .option('--customers-only', 'choose only people marked as customers')
        .option('--must-include <ids>', 'comma-separated people chosen first, whatever the model says')
        .option(
          '--cap-per-community <n>',
          'the most advocates from one community (communities of the current scores, or detected now)',
        )
        .addOption(
          new Option(
            '--objective <objective>',
            `maximise people reached, or lifetime value (clv) reached (${defaultOf('objective')})`,
          ).choices(['reach', 'value']),
        )
        .option('--seed <n>', `seed of the RR sets; the evaluation uses seed + 1 (${defaultOf('seed')})`)
        .option('--runs <n>', `Monte Carlo runs of the evaluation, 0 for none (${defaultOf('evaluationRuns')})`)
        .option('--json', 'the whole result as JSON on stdout, progress as JSON lines on stderr'),
      { input: false },
    ),
  ).action(async (options: AdvocatesCliOptions) => {
    const given = {
      k: options.k,
      epsilon: options.eps,
      sentimentBelow: options.sentimentBelow,
      reputationBelow: options.reputationBelow,
      capPerCommunity: options.capPerCommunity,
      seed: options.seed,
      evaluationRuns: options.runs,
      sparkPartitions: options.sparkPartitions,
      threads: options.threads,
    };
    const plan = parseFlags(
      advocatePlanOptions,
      {
        k: numberFlag(options.k),
        model: options.model,
        epsilon: numberFlag(options.eps),
        probability: options.probability,
        objective: options.objective,
        exclude: listFlag(options.exclude),
        include: listFlag(options.mustInclude),
        excludeDetractors: options.excludeDetractors,
        sentimentBelow: numberFlag(options.sentimentBelow),
        reputationBelow: numberFlag(options.reputationBelow),
        customersOnly: options.customersOnly,
        capPerCommunity: numberFlag(options.capPerCommunity),
        seed: numberFlag(options.seed),
        evaluationRuns: numberFlag(options.runs),
        ...engineFlags(options),
      },
      'sway advocates',
      FLAGS,
      given,
    );
    const progress = createProgress({ json: options.json });
    try {
      const result = await useStore(options, (store) => planAdvocates(store, plan, progressHooks(progress)));
      progress.stop();
      process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : formatPlan(result));
    } finally {
      progress.stop();
    }
  });
}

/** The plan as a reader wants it: advocates with their gains, the guarantee, then the comparison with the baselines. */
export function formatPlan(plan: AdvocatePlan): string {
  const objective = (x: number) => formatObjective(x, plan.unit);
  const amount = (x: number, unit: 'people' | 'value') =>
    unit === 'value' ? `${formatMoney(x)} in lifetime value` : `${formatExpectedPeople(x)} people`;
  const lines: string[] = [];
  lines.push(
    `${formatQuantity(plan.advocates.length, 'advocate')} by OPIM-C; ${plan.description}; objective: ${plan.objective === 'value' ? 'lifetime value reached' : 'people reached'}.`,
  );
  lines.push('');
  const idWidth = Math.max(2, ...plan.advocates.map((a) => a.id.length));
  const total = plan.unit === 'value' ? 'expected value' : 'expected reach';
  // Names last, where their lengths do not push the figures out of line; no column when nobody has one.
  const named = plan.advocates.some((a) => a.label);
  lines.push(
    `${'rank'.padStart(4)}  ${'id'.padEnd(idWidth)}  ${'marginal gain'.padStart(13)}  ${total.padStart(14)}${named ? '  name' : ''}`,
  );
  for (const a of plan.advocates) {
    const notes = [named ? (a.label ?? '') : null, a.mustInclude ? '(must include)' : null].filter((x) => x !== null);
    lines.push(
      `${String(a.rank).padStart(4)}  ${a.id.padEnd(idWidth)}  ${objective(a.marginalGain).padStart(13)}  ${objective(a.cumulative).padStart(14)}${notes.map((x) => `  ${x}`).join('')}`.trimEnd(),
    );
  }
  lines.push(
    `Marginal gain: what each advocate adds to those above, estimated on random samples that played no part in choosing them; ` +
      `advocates are listed so that it never rises${plan.advocates.some((a) => a.mustInclude) ? ' (must-include people come first)' : ''}. ` +
      `The ${total} column adds the gains up; the Monte Carlo evaluation below checks the total independently.`,
  );
  lines.push('');
  const g = plan.guarantee;
  lines.push(
    `Certified ratio ${formatFixed(g.certifiedRatio, 3)} (target ${formatFixed(g.targetRatio, 3)}${g.met ? ', met' : ', NOT met'}): ${g.statement}`,
  );
  lines.push(
    `RR sets: ${formatCount(plan.rr.sets)} to choose, ${formatCount(plan.rr.validationSets)} to check (${formatCount(plan.rr.members)} members, ${formatFixed(plan.rr.bytes / 2 ** 20, 1)} MiB); ` +
      `${g.rounds} of at most ${g.maxRounds} rounds; selection ${formatDuration(plan.timings.selectionMs)}.`,
  );
  const evaluation = plan.evaluation;
  if (evaluation) {
    lines.push('');
    lines.push(
      `Independent Monte Carlo evaluation (${formatCount(evaluation.runs)} runs, seed ${evaluation.seed}; ${formatDuration(plan.timings.evaluationMs)}):`,
    );
    const rows: Array<[string, SpreadResult]> = [
      ['these advocates', evaluation.selection],
      ...evaluation.baselines.map((b): [string, SpreadResult] => [b.name, b.spread]),
    ];
    const own = evaluation.selection.reach.mean;
    for (const [name, spread] of rows) {
      const [lo, hi] = spread.reach.ci95;
      const value = spread.value ? `, ${amount(spread.value.mean, 'value')}` : '';
      const ahead = (own - spread.reach.mean) / spread.reach.mean;
      const gain =
        name === 'these advocates'
          ? ''
          : `  (these advocates reach ${formatPercent(Math.abs(ahead), 1)} ${ahead < 0 ? 'fewer' : 'more'})`;
      lines.push(
        `  ${name.padEnd(20)} ${amount(spread.reach.mean, 'people')} (95% CI ${formatExpectedPeople(lo)}-${formatExpectedPeople(hi)})${value}${gain}`,
      );
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
