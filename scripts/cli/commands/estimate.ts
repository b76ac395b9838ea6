import { totalmem } from 'node:os';
import type { Command } from 'commander';
import { InvalidOptionsError } from '../../../graph/errors.ts';
import { estimateMemory, verdict, type ByteRange, type MemoryEstimate } from '../../../graph/estimate.ts';
import { formatBytes, memoryAdvice } from '../../../server/engines/memory.ts';
import { FAMILY_DECLARATIONS } from '../../../graph/scores/definitions.ts';
import type { StoreCounts } from '../../../server/stores/contract.ts';
import { numberFlag } from '../flags.ts';
import { useStore, withStoreOptions, type StoreCliOptions } from '../store-options.ts';
import { scoringFlags } from './score.ts';

interface EstimateCliOptions extends StoreCliOptions {
  only?: string;
  ratings?: string;
  json?: boolean;
}

const range = (r: ByteRange) =>
  Math.abs(r.max - r.min) < 2 ** 20 ? formatBytes(r.max) : `${formatBytes(r.min)} to ${formatBytes(r.max)}`;

export function registerEstimate(program: Command): void {
  withStoreOptions(
    program
      .command('estimate')
      .description(
        "How much memory the local engine needs to score the stored graph, family by family, against this machine's memory.",
      )
      .option(
        '--only <families>',
        `comma-separated score families (${FAMILY_DECLARATIONS.map((f) => f.id).join(', ')}); default all`,
      )
      .option('--ratings <n>', 'relationships that carry a rating (default: all, the upper bound)')
      .option('--json', 'the estimate as JSON'),
  ).action(async (options: EstimateCliOptions) => {
    const { only } = scoringFlags({ only: options.only }, 'sway estimate');
    const ratings = numberFlag(options.ratings);
    if (ratings !== undefined && !(Number.isInteger(ratings) && ratings >= 0))
      throw new InvalidOptionsError('sway estimate', `--ratings must be a whole number (got "${options.ratings}")`);
    const counts = await useStore(options, (store) => store.counts());
    const estimate = estimateMemory(
      { people: counts.people, relationships: counts.relationships, ratings },
      { families: only },
    );
    const machine = totalmem();
    if (options.json)
      process.stdout.write(
        `${JSON.stringify({ counts, machineBytes: machine, verdict: verdict(estimate, machine), ...estimate })}\n`,
      );
    else process.stdout.write(formatEstimate(counts, estimate, machine));
  });
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
    `  ${'peak'.padEnd(12)} ${range(estimate.peak).padEnd(22)} with the process itself; this machine has ${formatBytes(machine)}`,
    memoryAdvice(estimate, machine),
  ];
  return `${lines.join('\n')}\n`;
}
