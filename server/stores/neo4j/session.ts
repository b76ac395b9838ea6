import neo4j, { type Driver, type ManagedTransaction, type Session } from 'neo4j-driver';
import { StoreUnavailableError } from '../errors.ts';

/** The driver and the database every session of a store uses. */
export interface Neo4jContext {
  driver: Driver;
  database: string | undefined;
  url: string;
}

export function openSession(context: Neo4jContext, mode: 'READ' | 'WRITE', fetchSize?: number): Session {
  return context.driver.session({
    database: context.database,
    defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
    fetchSize,
  });
}

/**
 * One managed write transaction: the driver retries it on transient errors (deadlocks, leader changes, memory
 * pressure) with exponential backoff and jitter, up to the driver's maxTransactionRetryTime, so `work` must be safe to
 * run again (it only issues queries).
 */
export async function writeTransaction<T>(
  context: Neo4jContext,
  work: (tx: ManagedTransaction) => Promise<T>,
): Promise<T> {
  const session = openSession(context, 'WRITE');
  try {
    return await guard(context, () => session.executeWrite(work));
  } finally {
    await session.close();
  }
}

export async function readTransaction<T>(
  context: Neo4jContext,
  work: (tx: ManagedTransaction) => Promise<T>,
): Promise<T> {
  const session = openSession(context, 'READ');
  try {
    return await guard(context, () => session.executeRead(work));
  } finally {
    await session.close();
  }
}

/**
 * An auto-commit query, for `CALL { ... } IN TRANSACTIONS` (batched server-side work over many nodes, which Neo4j only
 * runs outside an explicit transaction). Every such query in this store is idempotent, so a failure is repaired by
 * running it again.
 */
export async function autoCommit(
  context: Neo4jContext,
  query: string,
  parameters: Record<string, unknown> = {},
): Promise<void> {
  const session = openSession(context, 'WRITE');
  try {
    await guard(context, () => session.run(query, parameters));
  } finally {
    await session.close();
  }
}

const UNAVAILABLE_CODES = new Set([
  'ServiceUnavailable',
  'SessionExpired',
  'Neo.ClientError.Security.Unauthorized',
  'Neo.ClientError.Security.AuthenticationRateLimit',
  'Neo.ClientError.Database.DatabaseNotFound',
]);

/** Maps "the server cannot be reached / refuses us" to StoreUnavailableError; other errors pass unchanged. */
export async function guard<T>(context: Neo4jContext, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code && UNAVAILABLE_CODES.has(code)) {
      throw new StoreUnavailableError(`Neo4j at ${context.url} is unavailable: ${(error as Error).message}`, {
        cause: error,
      });
    }
    throw error;
  }
}

/** Integers for Neo4j: the driver sends JavaScript numbers as floats, and version numbers must stay integers. */
export function int(value: number): ReturnType<typeof neo4j.int> {
  return neo4j.int(value);
}
