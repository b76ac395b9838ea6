import { InvalidOptionsError } from '../../graph/errors.ts';
import type { GraphStore } from './contract.ts';
import { SqliteStore } from './sqlite.ts';

export interface OpenStoreOptions {
  /** The embedded store's folder. Default `./data`. */
  data?: string;
  /**
   * A Neo4j server, `neo4j://host:port` or `bolt://host:port` (also `neo4j+s://`, `bolt+s://` ...): credentials from
   * SWAY_NEO4J_USER / SWAY_NEO4J_PASSWORD, the database from SWAY_NEO4J_DATABASE (default: the server's default).
   * Absent: the embedded SQLite store in `data`.
   */
  store?: string;
}

const NEO4J_SCHEMES = /^(neo4j|bolt)(\+s|\+ssc)?:\/\//i;

/**
 * Opens and initialises the store the options name. A store that cannot be reached or opened throws
 * StoreUnavailableError (the CLI's exit code 4).
 */
export async function openStore(options: OpenStoreOptions = {}): Promise<GraphStore> {
  const { data = './data', store } = options;
  let opened: GraphStore;
  if (store !== undefined && store !== '') {
    if (!NEO4J_SCHEMES.test(store)) {
      throw new InvalidOptionsError(
        'store',
        `"${store}" is not a Neo4j URL (neo4j://host:port or bolt://host:port); leave --store out for the embedded store`,
      );
    }
    // Loaded only when asked for, so that the embedded store never pays for the driver.
    const { Neo4jStore } = await import('./neo4j.ts');
    opened = new Neo4jStore({
      url: store,
      user: process.env.SWAY_NEO4J_USER ?? 'neo4j',
      password: process.env.SWAY_NEO4J_PASSWORD ?? '',
      database: process.env.SWAY_NEO4J_DATABASE || undefined,
    });
  } else {
    opened = new SqliteStore(data);
  }
  await opened.init();
  return opened;
}
