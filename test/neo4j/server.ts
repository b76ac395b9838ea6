import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  emptyDatabase,
  exportCredentials,
  missingNeo4jTools,
  startLocalNeo4j,
  type Neo4jConnection,
} from '../../scripts/neo4j/local.ts';

export type { Neo4jConnection };
export { exportCredentials };
export const wipeNeo4j = emptyDatabase;

const ROOT = resolve(import.meta.dirname, '../..');
/** Written when a test started the server, so that the global teardown stops what the run started, and only that. */
export const STARTED_MARKER = join(ROOT, '.neo4j/started-by-tests');

const inCi = () => process.env.CI === 'true' || process.env.CI === '1';

let cached: Promise<Neo4jConnection | null> | null = null;

/**
 * The Neo4j server the Neo4j tests run against. SWAY_NEO4J_URL (with SWAY_NEO4J_USER and SWAY_NEO4J_PASSWORD) names
 * one; otherwise, where Java and Maven are installed, scripts/neo4j/start.sh fetches Neo4j Community through Maven and
 * starts it on loopback (a running one is reused), and test/neo4j/global-setup.ts stops it after the run if a test
 * started it. Without Java a developer's `npm test` skips the Neo4j tests and says so; in CI (CI=true) that is an error.
 *
 * Returns the server to test against, or null (with a printed reason) when this machine cannot run one outside CI.
 */
export function neo4jConnection(): Promise<Neo4jConnection | null> {
  cached ??= connect();
  return cached;
}

async function connect(): Promise<Neo4jConnection | null> {
  if (process.env.SWAY_NEO4J_URL) {
    return {
      url: process.env.SWAY_NEO4J_URL,
      user: process.env.SWAY_NEO4J_USER ?? 'neo4j',
      password: process.env.SWAY_NEO4J_PASSWORD ?? '',
    };
  }
  const missing = missingNeo4jTools();
  if (missing.length > 0) {
    const reason = `${missing.join(' and ')} not found`;
    if (inCi()) throw new Error(`CI must run the Neo4j tests, but ${reason} (install Java 17 and Maven)`);
    console.log(
      `Neo4j tests skipped: ${reason}. Install Java 17 and Maven, or start a server and set SWAY_NEO4J_URL, SWAY_NEO4J_USER and SWAY_NEO4J_PASSWORD.`,
    );
    return null;
  }
  const { connection, wasRunning } = startLocalNeo4j();
  if (!wasRunning) writeFileSync(STARTED_MARKER, `${process.pid}\n`);
  return connection;
}
