import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Private files for the stores: the graph (`sway.db`) and the tokens (`tokens.sqlite`) hold people's names and the
 * hashes of API tokens, so only their owner may read them. SQLite creates a database's -wal and -shm files with the
 * database file's own mode, so creating the database file 0600 first covers all three.
 */

/** Makes a folder readable by its owner only (0700), creating it if needed. */
export function restrictFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** Creates the file if missing, readable and writable by its owner only (0600), in a folder restricted likewise. */
export function preparePrivateFile(path: string): void {
  restrictFolder(dirname(path));
  closeSync(openSync(path, 'a', 0o600));
  chmodSync(path, 0o600);
}
