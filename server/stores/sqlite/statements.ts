import type Database from 'better-sqlite3';

/** Statements kept at most; a store's hot paths use a few dozen texts, so reaching this means texts are generated. */
const MAX_STATEMENTS = 256;

/**
 * Prepared statements of one connection, prepared once per SQL text. The API's point reads (a person, a search) run a
 * handful of statements each; preparing them anew took as long as running them, and longer while another connection
 * was writing a score version. SQLite re-prepares a cached statement by itself after a schema change (a new score
 * column), so a cached statement never runs against a stale schema. A statement's `.raw()` and `.pluck()` modes stay
 * set on it, so each SQL text must always be used in the same mode.
 */
export class StatementCache {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  get(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size >= MAX_STATEMENTS) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
