import { SwayError } from '../../graph/errors.ts';

/**
 * The store could not be reached or opened: a Neo4j server that does not answer or refuses the credentials, a data
 * folder that cannot be created, a database file that is not a Sway store. The CLI maps it to exit code 4
 * (EXIT.storeUnreachable); `code` lets the API answer "service unavailable" without matching on classes.
 */
export class StoreUnavailableError extends Error {
  readonly code = 'STORE_UNAVAILABLE' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/** Another writer holds the store (an import in another process, a lock that did not free in time). */
export class StoreBusyError extends SwayError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}
