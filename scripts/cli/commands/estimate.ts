import { totalmem } from 'node:os';
import type { Command } from 'commander';
import { estimateMemory, verdict, type ByteRange, type MemoryEstimate } from '../../../graph/estimate.ts';
import { SCORE_FAMILIES } from '../../../graph/scores/registry.ts';
import type { GraphStore, StoreCounts } from '../../../server/stores/contract.ts';
import { EXIT } from '../exit-codes.ts';
import { CliError } from '../main.ts';
import { useStore, withStoreOptions, type StoreCliOptions } from '../store-options.ts';

interface EstimateCliOptions extends StoreCliOptions {
  only?: string;
  ratings?: string;
  json?: boolean;
}

const GiB = 2 ** 30;
const size = (bytes: number) =>
  bytes >= GiB
    ? `${(bytes / GiB).toFixed(1)} GiB`
    : `${Math.max(1, Math.round(bytes / 2 ** 20)).toLocaleString('en-US')} MiB`;
const range = (r: ByteRange) => (Math.abs(r.max - r.min) < 2 ** 20 ? size(r.max) : `${size(r.min)} to ${size(r.max)}`);

export function registerEstimate(program: Command): void {
  withStoreOptions(
    program
      .command('estimate')
      .description(
        "How much memory the local engine needs to score the stored graph, family by family, against this machine's memory.",
      )
      .option(
        '--only <families>',
        `comma-separated score families (${SCORE_FAMILIES.map((f) => f.id).join(', ')}); default all`,
      )
      .option('--ratings <n>', 'relationships that carry a rating (default: all, the upper bound)')
      .option('--json', 'the estimate as JSON'),
  ).action(async (options: EstimateCliOptions) => {
    const counts = await useStore(options, (store) => store.counts());
    const ratings = options.ratings === undefined ? undefined : Number(options.ratings);
    if (ratings !== undefined && !(Number.isInteger(ratings) && ratings >= 0))
      throw new CliError(`--ratings must be a whole number, got "${options.ratings}"`, EXIT.badConfiguration);
    const estimate = estimateMemory(
      { people: counts.people, relationships: counts.relationships, ratings },
      { families: familyList(options.only) },
    );
    const machine = totalmem();
    if (options.json)
      process.stdout.write(
        `${JSON.stringify({ counts, machineBytes: machine, verdict: verdict(estimate, machine), ...estimate })}\n`,
      );
    else process.stdout.write(formatEstimate(counts, estimate, machine));
  });
}

export function familyList(only: string | undefined): string[] | undefined {
  return only
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function formatEstimate(
  counts: Pick<StoreCounts, 'people' | 'relationships'>,
  estimate: MemoryEstimate,
  machine: number,
): string {
  const lines = [
    `Memory the local engine needs for ${counts.people.toLocaleString('en-US')} people and ${counts.relationships.toLocaleString('en-US')} relationships:`,
    `  ${'load'.padEnd(12)} ${range(estimate.load).padEnd(22)} ${estimate.load.what}`,
    `  ${'held'.padEnd(12)} ${range(estimate.held).padEnd(22)} ${estimate.held.what}`,
    ...estimate.families.map((f) => `  ${f.phase.padEnd(12)} ${`+ ${range(f)}`.padEnd(22)} ${f.what}`),
    `  ${'peak'.padEnd(12)} ${range(estimate.peak).padEnd(22)} with the process itself; this machine has ${size(machine)}`,
    memoryAdvice(estimate, machine),
  ];
  return `${lines.join('\n')}\n`;
}

/** One line: whether the local engine fits, and what to do when it does not. */
export function memoryAdvice(estimate: MemoryEstimate, machine: number): string {
  switch (verdict(estimate, machine)) {
    case 'fits':
      return 'The local engine fits this machine.';
    case 'may exceed':
      return `The local engine may need more than this machine's ${size(machine)} (up to ${size(estimate.peak.max)}): consider --engine spark (spark/README.md).`;
    case 'exceeds':
      return `The local engine needs at least ${size(estimate.peak.min)}, more than this machine's ${size(machine)}: use --engine spark (spark/README.md).`;
  }
}

/**
 * Refuses a local run that cannot fit this machine (the estimate's lower bound exceeds its memory), before anything is
 * loaded: the line says how much is needed and to use the Spark engine.
 */
export async function refuseIfTooLarge(store: GraphStore, only: string[] | undefined): Promise<void> {
  const counts = await store.counts();
  const estimate = estimateMemory(
    { people: counts.people, relationships: counts.relationships, ratings: 0 },
    { families: only },
  );
  const machine = totalmem();
  if (verdict(estimate, machine) === 'exceeds') {
    throw new CliError(`${memoryAdvice(estimate, machine)} (sway estimate shows each family)`, EXIT.badConfiguration);
  }
}
