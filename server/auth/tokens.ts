import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { InvalidOptionsError } from '../../graph/errors.ts';
import { isRole, ROLES, type Role } from './roles.ts';

/** What a verified bearer token stands for. `tokenId` is public (shown by `sway token list`, used in audit records). */
export interface TokenIdentity {
  tokenId: string;
  name: string;
  role: Role;
}

export interface TokenInfo extends TokenIdentity {
  createdAt: string;
  revokedAt: string | null;
}

export interface CreatedToken extends TokenIdentity {
  /** The secret, shown once: only its SHA-256 is stored. */
  token: string;
}

/** The file under --data that holds the API tokens, whichever graph store is used. */
export const TOKENS_FILE = 'tokens.sqlite';

const TOKEN_PREFIX = 'sway_';

/** SHA-256 of the token text, hex. A random 32-byte secret needs no salt or slow hash: it cannot be guessed. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * API tokens in a small SQLite file (`<data>/tokens.sqlite`). Only hashes are stored, so a copy of the file does not
 * let anyone sign in; a lost token is revoked and a new one created.
 */
export class TokenStore {
  private readonly db: Database.Database;
  private readonly findByHash: Database.Statement<[string], { id: string; name: string; role: string }>;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, TOKENS_FILE));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS tokens (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      role TEXT NOT NULL,
      hash TEXT NOT NULL UNIQUE,
      created_at TEXT NOT NULL,
      revoked_at TEXT
    )`);
    this.findByHash = this.db.prepare('SELECT id, name, role FROM tokens WHERE hash = ? AND revoked_at IS NULL');
  }

  create(options: { role: Role; name?: string }): CreatedToken {
    if (!isRole(options.role)) throw new InvalidOptionsError('token', `"role" must be one of ${ROLES.join(', ')}`);
    const name = (options.name ?? `${options.role} token`).trim();
    if (name.length === 0 || name.length > 100)
      throw new InvalidOptionsError('token', '"name" must be 1 to 100 characters');
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const tokenId = randomBytes(6).toString('hex');
    this.db
      .prepare('INSERT INTO tokens (id, name, role, hash, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(tokenId, name, options.role, hashToken(token), new Date().toISOString());
    return { token, tokenId, name, role: options.role };
  }

  /** The identity behind a presented token, or null when it is unknown, revoked or malformed. */
  verify(token: string): TokenIdentity | null {
    if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
    const row = this.findByHash.get(hashToken(token));
    if (!row || !isRole(row.role)) return null;
    return { tokenId: row.id, name: row.name, role: row.role };
  }

  list(): TokenInfo[] {
    const rows = this.db
      .prepare('SELECT id, name, role, created_at, revoked_at FROM tokens ORDER BY rowid')
      .all() as Array<{
      id: string;
      name: string;
      role: string;
      created_at: string;
      revoked_at: string | null;
    }>;
    return rows
      .filter((row) => isRole(row.role))
      .map((row) => ({
        tokenId: row.id,
        name: row.name,
        role: row.role as Role,
        createdAt: row.created_at,
        revokedAt: row.revoked_at,
      }));
  }

  /** Revokes a token by its public id; false when there is no such active token. */
  revoke(tokenId: string): boolean {
    const result = this.db
      .prepare('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
      .run(new Date().toISOString(), tokenId);
    return result.changes > 0;
  }

  close(): void {
    this.db.close();
  }
}
