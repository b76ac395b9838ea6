import type { Command } from 'commander';
import type { GraphStore } from '../../server/stores/contract.ts';
import { openStore } from '../../server/stores/open.ts';

export interface StoreCliOptions {
  data: string;
  store?: string;
}

/** Adds --data and --store, shared by every command that reads or writes the store. */
export function withStoreOptions(command: Command): Command {
  return command
    .option('--data <dir>', 'folder of the embedded store (SQLite)', './data')
    .option(
      '--store <url>',
      'neo4j://host:port or bolt://host:port (credentials from SWAY_NEO4J_USER / SWAY_NEO4J_PASSWORD)',
    );
}

/** Opens the store the options name, runs `work`, and always closes it. */
export async function useStore<T>(options: StoreCliOptions, work: (store: GraphStore) => Promise<T>): Promise<T> {
  const store = await openStore({ data: options.data, store: options.store });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
