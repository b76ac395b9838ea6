import { SwayError } from '../../graph/errors.ts';

/**
 * The store could not be reached or opened: a Neo4j server that does not answer or refuses the credentials, a data
 * folder that cannot be created, a database file that is not a Sway store. Its message may name hosts and paths: the
 * CLI prints it, the API and jobs replace it (server/errors.ts).
 */
export class StoreUnavailableError extends SwayError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('STORE_UNAVAILABLE', message, options);
  }
}

/** Another writer holds the store (an import in another process, a lock that did not free in time). */
export class StoreBusyError extends SwayError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}

/** Another run holds the store's re-scoring lock (the lock is taken over once its holder stops refreshing it). */
export class LockHeldError extends SwayError {
  constructor(message = 'another re-scoring run holds the lock; try again when it has finished') {
    super('LOCK_HELD', message);
  }
}
