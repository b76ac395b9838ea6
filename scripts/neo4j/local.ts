import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import neo4j from 'neo4j-driver';

/**
 * The local development Neo4j that start.sh runs (for the tests and `npm run bench`): how to start, stop and empty it.
 * Development tooling only; Sway itself takes a server's URL and credentials from the command line and environment.
 */
export interface Neo4jConnection {
  url: string;
  user: string;
  password: string;
}

const NEO4J_SCRIPTS = resolve(import.meta.dirname);
const ENV_FILE = join(NEO4J_SCRIPTS, '../../.neo4j/connection.env');

/** The commands start.sh needs (Java, Maven) that this machine lacks. */
export function missingNeo4jTools(): string[] {
  return ['java', 'mvn'].filter(
    (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status !== 0,
  );
}

/**
 * Starts the local server with start.sh (which reuses a running one, and may first fetch Neo4j through Maven) and
 * returns its connection, and whether it was already running (so the caller stops only what it started).
 */
export function startLocalNeo4j(): { connection: Neo4jConnection; wasRunning: boolean } {
  const wasRunning =
    existsSync(ENV_FILE) && spawnSync(join(NEO4J_SCRIPTS, 'status.sh'), { stdio: 'ignore' }).status === 0;
  execFileSync(join(NEO4J_SCRIPTS, 'start.sh'), { stdio: ['ignore', 'ignore', 'inherit'], timeout: 600_000 });
  return { connection: readLocalConnection(), wasRunning };
}

/** Stops the local server with stop.sh. */
export function stopLocalNeo4j(): void {
  execFileSync(join(NEO4J_SCRIPTS, 'stop.sh'), { stdio: 'inherit' });
}

/** Puts the credentials where openStore (and child processes started from here) read them. */
export function exportCredentials(connection: Neo4jConnection): void {
  process.env.SWAY_NEO4J_USER = connection.user;
  process.env.SWAY_NEO4J_PASSWORD = connection.password;
}

/** The URL and credentials start.sh wrote to .neo4j/connection.env. */
function readLocalConnection(): Neo4jConnection {
  const values = Object.fromEntries(
    readFileSync(ENV_FILE, 'utf8')
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  return { url: values.SWAY_NEO4J_URL, user: values.SWAY_NEO4J_USER, password: values.SWAY_NEO4J_PASSWORD };
}

/**
 * Deletes every node and relationship (constraints and indexes stay). Community edition has one user database, so
 * suites and bench runs start from it emptied. Relationships go first, in batches: one DETACH DELETE of a large graph
 * holds it all in one transaction and exceeds the transaction memory pool.
 */
export async function emptyDatabase(connection: Neo4jConnection): Promise<void> {
  const driver = neo4j.driver(connection.url, neo4j.auth.basic(connection.user, connection.password));
  const session = driver.session();
  try {
    await session.run('MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS');
    await session.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 20000 ROWS');
  } finally {
    await session.close();
    await driver.close();
  }
}
