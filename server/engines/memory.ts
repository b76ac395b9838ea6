import { totalmem } from 'node:os';
import { estimateMemory, verdict, type MemoryEstimate } from '../../graph/estimate.ts';
import { InvalidOptionsError } from '../../graph/errors.ts';
import type { GraphStore } from '../stores/contract.ts';

const GiB = 2 ** 30;

/** Bytes as people read them: GiB with one decimal, or whole MiB. */
export function formatBytes(bytes: number): string {
  return bytes >= GiB
    ? `${(bytes / GiB).toFixed(1)} GiB`
    : `${Math.max(1, Math.round(bytes / 2 ** 20)).toLocaleString('en-US')} MiB`;
}

/** One line: whether the local engine fits this machine, and what to do when it does not. */
export function memoryAdvice(estimate: MemoryEstimate, machine: number): string {
  switch (verdict(estimate, machine)) {
    case 'fits':
      return 'The local engine fits this machine.';
    case 'may exceed':
      return `The local engine may need more than this machine's ${formatBytes(machine)} (up to ${formatBytes(estimate.peak.max)}): consider --engine spark (spark/README.md).`;
    case 'exceeds':
      return `The local engine needs at least ${formatBytes(estimate.peak.min)}, more than this machine's ${formatBytes(machine)}: use --engine spark (spark/README.md).`;
  }
}

/**
 * Refuses a local run that cannot fit this machine (the estimate's lower bound exceeds its memory), from the store's
 * counts, before anything is loaded: the message says how much is needed and to use the Spark engine.
 */
export async function refuseIfTooLarge(store: GraphStore, only: readonly string[] | undefined): Promise<void> {
  const counts = await store.counts();
  const estimate = estimateMemory(
    { people: counts.people, relationships: counts.relationships, ratings: 0 },
    { families: only ? [...only] : undefined },
  );
  const machine = totalmem();
  if (verdict(estimate, machine) === 'exceeds')
    throw new InvalidOptionsError('scoring', `${memoryAdvice(estimate, machine)} (sway estimate shows each family)`);
}
