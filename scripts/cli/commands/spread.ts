import { Option, type Command } from 'commander';
import type { Estimate } from '../../../graph/algorithms/diffusion/monte-carlo.ts';
import { formatCount, formatExpectedPeople, formatFixed, formatPercent } from '../../../graph/scores/format.ts';
import { InvalidOptionsError } from '../../../graph/errors.ts';
import {
  spreadMessage,
  spreadOptions,
  type PersonRef,
  type SpreadReport,
  type StartingSet,
} from '../../../server/usecases/spread.ts';
import { THREADS_FLAG, threadsFlag } from '../engine-options.ts';
import { listFlag, numberFlag, parseFlags } from '../flags.ts';
import { createProgress, progressHooks } from '../progress.ts';
import { useStore, withStoreOptions, type StoreCliOptions } from '../store-options.ts';

interface SpreadCliOptions extends StoreCliOptions {
  threads?: string;
  from?: string;
  fromPlan?: string;
  fromCommunity?: string;
  leaders?: string;
  model?: string;
  probability?: string;
  runs?: string;
  seed?: string;
  compareWith?: string;
  response?: string;
  tieRule?: string;
  top?: string;
  explain?: string;
  json?: boolean;
}

/** The flag behind each option (server/usecases/spread.ts), where it is not `--<option>`. */
const FLAGS = { from: '--from', compareWith: '--compare-with', response: '--response', tieRule: '--tie-rule' };
const DEFAULTS = spreadOptions.parse({ from: { people: ['x'] } });
const defaultOf = (option: keyof typeof DEFAULTS) => `default ${String(DEFAULTS[option])}`;
/** How many communities the text output lists (the JSON has them all). */
const COMMUNITY_ROWS = 15;

export function registerSpread(program: Command): void {
  withStoreOptions(
    program
      .command('spread')
      .description(
        'How a message travels from chosen people: the probability that it reaches each person and the expected reach ' +
          'of each community, with 95% intervals (Monte Carlo over simulated worlds), optionally against a second ' +
          'starting set or a competing reply. Reads the store; writes nothing.',
      )
      .option('--from <ids>', 'comma-separated people who start the message')
      .option('--from-plan <k>', "start from the k advocates Sway's advocate plan chooses (default options)")
      .option('--from-community <n>', "start from a community's leaders (communities of the current scores)")
      .option('--leaders <n>', 'how many leaders of --from-community (default 5)')
      .addOption(
        new Option(
          '--model <model>',
          `diffusion model: Independent Cascade or Linear Threshold (${defaultOf('model')})`,
        ).choices(['ic', 'lt']),
      )
      .option(
        '--probability <p>',
        `edge probabilities: wc (1 / in-degree), uniform:<p>, or weight (${defaultOf('probability')})`,
      )
      .option('--runs <n>', `simulated worlds (${defaultOf('runs')})`)
      .option('--seed <n>', `seed of the simulated worlds (${defaultOf('seed')})`)
      .option('--compare-with <ids>', 'comma-separated people of a second starting set, compared in the same worlds')
      .option(
        '--response <ids>',
        'comma-separated people replying: the message is a complaint competing with a reply (ic)',
      )
      .addOption(
        new Option('--tie-rule <rule>', `who wins a tie at the same hop (${defaultOf('tieRule')})`).choices([
          'reply',
          'complaint',
          'random',
        ]),
      )
      .option('--top <n>', `people most likely reached to list (${defaultOf('top')})`)
      .option('--explain <ids>', 'comma-separated people whose most likely paths from the starting people to show')
      .option(...THREADS_FLAG)
      .option('--json', 'the whole result as JSON on stdout, progress as JSON lines on stderr'),
  ).action(async (options: SpreadCliOptions) => {
    const spread = parseFlags(
      spreadOptions,
      {
        from: startingFlags(options),
        model: options.model,
        probability: options.probability,
        runs: numberFlag(options.runs),
        seed: numberFlag(options.seed),
        compareWith: options.compareWith === undefined ? undefined : { people: listFlag(options.compareWith) },
        response: options.response === undefined ? undefined : { people: listFlag(options.response) },
        tieRule: options.tieRule,
        top: numberFlag(options.top),
        explain: listFlag(options.explain),
      },
      'sway spread',
      FLAGS,
      { runs: options.runs, seed: options.seed, top: options.top },
    );
    const threads = threadsFlag(options.threads, 'sway spread');
    const progress = createProgress({ json: options.json });
    try {
      const result = await useStore(options, (store) =>
        spreadMessage(store, spread, progressHooks(progress), { threads }),
      );
      progress.stop();
      process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : formatSpread(result));
    } finally {
      progress.stop();
    }
  });
}

/** Exactly one of --from, --from-plan and --from-community, as the schema's starting set. */
function startingFlags(options: SpreadCliOptions): StartingSet {
  const given = [options.from, options.fromPlan, options.fromCommunity].filter((x) => x !== undefined).length;
  if (given !== 1)
    throw new InvalidOptionsError('sway spread', 'give exactly one of --from, --from-plan and --from-community');
  if (options.from !== undefined) return { people: listFlag(options.from) ?? [] };
  if (options.fromPlan !== undefined) return { plan: { k: numberFlag(options.fromPlan) as number, evaluationRuns: 0 } };
  return { community: numberFlag(options.fromCommunity) as number, leaders: numberFlag(options.leaders) };
}

const people = (refs: PersonRef[]) => refs.map((p) => (p.label ? `${p.id} (${p.label})` : p.id)).join(', ');
const estimate = (e: Estimate) => {
  const [low, high] = e.ci95.map(formatExpectedPeople);
  return `${formatExpectedPeople(e.mean)} (95% CI ${low}${e.ci95[0] < 0 ? ' to ' : '-'}${high})`;
};

/** The report as a reader wants it: the whole reach, each community, the people most likely reached, the sample. */
export function formatSpread(report: SpreadReport): string {
  const lines: string[] = [];
  lines.push(
    `From ${people(report.starting)}; ${report.description}; ${formatCount(report.runs)} simulated worlds, seed ${report.seed}.`,
  );
  lines.push(`Expected people reached, starting people included: ${estimate(report.total)}.`);
  if (report.communities) {
    lines.push('');
    lines.push(`Expected reach per community (${report.communities.length} communities, largest reach first):`);
    lines.push(
      `${'community'.padStart(9)}  ${'size'.padStart(7)}  ${'expected reached (95% CI)'.padEnd(30)}  ${'share'.padStart(6)}  name`,
    );
    for (const c of report.communities.slice(0, COMMUNITY_ROWS))
      lines.push(
        `${String(c.community).padStart(9)}  ${formatCount(c.size).padStart(7)}  ${estimate(c.expected).padEnd(30)}  ${formatPercent(c.share, 1).padStart(6)}  ${c.name ?? ''}`.trimEnd(),
      );
    if (report.communities.length > COMMUNITY_ROWS)
      lines.push(`  ... ${report.communities.length - COMMUNITY_ROWS} more (--json lists them all)`);
  }
  if (report.top.length > 0) {
    lines.push('');
    lines.push('People most likely reached (starting people left out):');
    const width = Math.max(2, ...report.top.map((p) => p.id.length));
    for (const p of report.top)
      lines.push(
        `  ${p.id.padEnd(width)}  ${formatFixed(p.probability, 3)} (95% CI ${formatFixed(p.low, 3)}-${formatFixed(p.high, 3)})` +
          `${p.community === null ? '' : `  ${communityText(p.community, p.communityName)}`}${p.label ? `  ${p.label}` : ''}`,
      );
  }
  const c = report.comparison;
  if (c) {
    lines.push('');
    lines.push(`Compared with ${people(c.starting)}, in the same worlds:`);
    lines.push(
      `  these: ${estimate(c.first)}; the other set: ${estimate(c.second)}; difference ${estimate(c.difference)}`,
    );
    for (const row of c.communities.slice(0, COMMUNITY_ROWS))
      lines.push(
        `  ${communityText(row.community, row.name)}: ${formatExpectedPeople(row.first.mean)} against ${formatExpectedPeople(row.second.mean)}, difference ${estimate(row.difference)}`,
      );
  }
  const contest = report.contest;
  if (contest) {
    lines.push('');
    lines.push(`A reply from ${people(contest.response)} competing with the message (ties to the ${contest.tieRule}):`);
    lines.push(`  the message alone reaches ${estimate(contest.without)}; against the reply ${estimate(contest.with)}`);
    lines.push(`  people spared: ${estimate(contest.spared)}; the reply reaches ${estimate(contest.reply)}`);
  }
  for (const why of report.paths) {
    lines.push('');
    lines.push(
      `Why ${why.target.id} is reached (probability ${formatFixed(why.probability, 3)}): the most likely paths`,
    );
    if (why.paths.length === 0) lines.push('  none: no path leads there from the starting people');
    for (const path of why.paths) lines.push(`  ${formatFixed(path.probability, 4)}  ${path.ids.join(' → ')}`);
  }
  lines.push('');
  lines.push(report.sample.note);
  lines.push(report.intervals);
  return `${lines.join('\n')}\n`;
}

/** "community 3 (enthusiast · North · youtube)": the number stays the id --from-community takes. */
function communityText(community: number, name: string | null): string {
  return name ? `community ${community} (${name})` : `community ${community}`;
}
