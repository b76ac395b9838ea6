import type Database from 'better-sqlite3';
import { checkScoreColumn } from '../score-sets.ts';

/**
 * The embedded store's tables. People get an integer surrogate key (`pk`): relationships and scores refer to it, so a
 * relationship row is a few integers and a float rather than two id strings, and its primary key sorts and compares
 * as integers. Views give SQL users (a CRM, a report) the data with ids and kind names.
 *
 * Score versions are rows of one wide `scores` table, one REAL column per score (added with ALTER TABLE when the
 * registry grows), keyed by (version, person). `meta.score_current` is the pointer readers resolve; a version is only
 * ever made current in one transaction, after all its rows were written.
 */
export const SCHEMA_VERSION = 1;

/** A secondary index that a bulk import drops and builds once at its end (import.ts): its name and definition. */
export interface RebuiltIndex {
  name: string;
  sql: string;
}

export const PEOPLE_ID_LC_INDEX: RebuiltIndex = {
  name: 'people_id_lc',
  sql: 'CREATE INDEX IF NOT EXISTS people_id_lc ON people(id_lc)',
};
export const RELATIONSHIPS_TARGET_INDEX: RebuiltIndex = {
  name: 'relationships_target',
  sql: 'CREATE INDEX IF NOT EXISTS relationships_target ON relationships(target)',
};

const DDL = `
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS people (
  pk INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  label TEXT,
  handle TEXT,
  segment TEXT,
  region TEXT,
  channels TEXT,      -- JSON array of strings
  customer INTEGER,   -- 1, 0 or NULL (unknown)
  clv REAL,
  sentiment REAL,
  id_lc TEXT NOT NULL,
  label_lc TEXT,
  handle_lc TEXT
);
${PEOPLE_ID_LC_INDEX.sql};
CREATE INDEX IF NOT EXISTS people_label_lc ON people(label_lc) WHERE label_lc IS NOT NULL;
CREATE INDEX IF NOT EXISTS people_handle_lc ON people(handle_lc) WHERE handle_lc IS NOT NULL;

CREATE TABLE IF NOT EXISTS relationships (
  source INTEGER NOT NULL,  -- people.pk of the person who influences
  target INTEGER NOT NULL,  -- people.pk of the person influenced
  kind INTEGER NOT NULL,    -- 0 follows, 1 trusts, 2 influences (what the source data said)
  weight REAL NOT NULL,
  rating REAL,
  time INTEGER,
  channel TEXT,
  PRIMARY KEY (source, target, kind)
) WITHOUT ROWID;
${RELATIONSHIPS_TARGET_INDEX.sql};

CREATE TABLE IF NOT EXISTS score_versions (
  version INTEGER PRIMARY KEY,
  state TEXT NOT NULL CHECK (state IN ('writing', 'complete')),
  columns TEXT NOT NULL,    -- JSON array of the version's score columns
  meta TEXT NOT NULL,       -- JSON ScoreSetMeta
  people INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  heartbeat_at INTEGER NOT NULL  -- ms; a 'writing' version whose writer stopped beating is garbage
);

CREATE TABLE IF NOT EXISTS scores (
  version INTEGER NOT NULL,
  person INTEGER NOT NULL,
  PRIMARY KEY (version, person)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS audit (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  action TEXT NOT NULL,
  actor TEXT NOT NULL,
  subject_hash TEXT NOT NULL,
  details TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS locks (
  name TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  acquired_at INTEGER NOT NULL,
  refreshed_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE VIEW IF NOT EXISTS relationships_by_id AS
  SELECT s.id AS source, t.id AS target,
         CASE r.kind WHEN 0 THEN 'follows' WHEN 1 THEN 'trusts' ELSE 'influences' END AS kind,
         r.weight, r.rating, r.time, r.channel
  FROM relationships r JOIN people s ON s.pk = r.source JOIN people t ON t.pk = r.target;

CREATE VIEW IF NOT EXISTS current_scores AS
  SELECT p.id AS id, s.*
  FROM scores s JOIN people p ON p.pk = s.person
  WHERE s.version = (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'score_current');
`;

export function createSchema(db: Database.Database, salt: string): void {
  db.exec(DDL);
  const insert = db.prepare('INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)');
  insert.run('schema_version', String(SCHEMA_VERSION));
  insert.run('graph_version', '0');
  insert.run('score_seq', '0');
  insert.run('salt', salt);
  const version = Number(db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get());
  if (version !== SCHEMA_VERSION) {
    throw new Error(`the database has schema version ${version}; this Sway reads version ${SCHEMA_VERSION}`);
  }
}

/** Bytes of the database file read through a memory map (SQLite maps no more than the file's size). */
const MMAP_BYTES = 4 * 1024 ** 3;

/** Connection settings: WAL (readers never wait for the writer), durable enough commits, deleted data overwritten. */
export function configure(db: Database.Database, options: { cacheMiB: number }): void {
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a commit survives a killed process; only an OS crash may lose the latest commits, never consistency.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 10000');
  db.pragma(`cache_size = -${options.cacheMiB * 1024}`);
  // Reads through a memory map: when another connection commits (a score version is written in many small
  // transactions), SQLite must drop this connection's page cache; with the map, pages come back without a read call
  // each, which keeps the API's point reads cheap while a job writes.
  db.pragma(`mmap_size = ${MMAP_BYTES}`);
  db.pragma('foreign_keys = OFF');
  // Right to erasure: deleted rows are overwritten with zeros rather than left in free pages.
  db.pragma('secure_delete = ON');
}

export function metaValue(db: Database.Database, key: string): string | undefined {
  return db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined;
}

export function setMeta(db: Database.Database, key: string, value: string | number): void {
  db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
    key,
    String(value),
  );
}

/** Score columns present in the `scores` table. */
export function scoreTableColumns(db: Database.Database): Set<string> {
  const rows = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('scores') as string[];
  return new Set(rows.filter((name) => name !== 'version' && name !== 'person'));
}

/** A score column as an SQL identifier (checked to be snake_case first, so the quotes only mark it as a name). */
export function scoreColumnIdentifier(column: string): string {
  return `"${checkScoreColumn(column)}"`;
}
