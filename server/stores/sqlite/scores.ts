import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import { CancelledError } from '../../../graph/errors.ts';
import type { ScoreSet, ScoreSetMeta } from '../../../graph/scores/types.ts';
import type { ScoreVersionInfo } from '../contract.ts';
import { RETENTION_DEFAULTS, versionsToDrop, type Retention } from '../retention.ts';
import { checkScoreSet } from '../score-sets.ts';
import { scoreColumnIdentifier, scoreTableColumns, setMeta } from './schema.ts';

/** People written per transaction; between chunks the writer yields so that readers and the signal get their turn. */
const CHUNK = 2_000;

interface VersionRow {
  version: number;
  state: string;
  columns: string;
  meta: string;
  people: number;
}

export function versionInfo(row: VersionRow): ScoreVersionInfo {
  return { version: row.version, meta: JSON.parse(row.meta) as ScoreSetMeta, people: row.people };
}

export const CURRENT_VERSION_SQL = "(SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'score_current')";

export function readVersion(db: Database.Database, version: number | undefined): VersionRow | undefined {
  const sql =
    version === undefined
      ? `SELECT * FROM score_versions WHERE version = ${CURRENT_VERSION_SQL} AND state = 'complete'`
      : "SELECT * FROM score_versions WHERE version = ? AND state = 'complete'";
  const statement = db.prepare(sql);
  return (version === undefined ? statement.get() : statement.get(version)) as VersionRow | undefined;
}

/**
 * Writes a score set as a new version and then makes it current, in the way readers can rely on:
 *
 * 1. a transaction allocates the version number and records it as 'writing' (readers never look at such versions);
 * 2. the rows go in over many short transactions, each refreshing the version's heartbeat;
 * 3. one transaction marks the version complete and moves the `score_current` pointer (the previous current becomes
 *    `score_previous`, kept for the re-scoring summary's movers);
 * 4. versions the retention no longer keeps are pruned (retention.ts: a count and an age; the current and the previous
 *    version always stay).
 *
 * A process killed before step 3 leaves a 'writing' version that nobody reads; it is removed once its heartbeat is
 * older than `staleAfterMs` (by the next writer, or when the store opens).
 */
export async function writeScoreVersion(
  db: Database.Database,
  set: ScoreSet,
  options: { signal?: AbortSignal; staleAfterMs: number; retention?: Retention },
): Promise<number> {
  const columns = checkScoreSet(set);
  const version = db
    .transaction(() => {
      removeStaleVersions(db, options.staleAfterMs);
      const present = scoreTableColumns(db);
      for (const column of columns) {
        if (!present.has(column)) db.exec(`ALTER TABLE scores ADD COLUMN ${scoreColumnIdentifier(column)} REAL`);
      }
      const next =
        (db.prepare("SELECT CAST(value AS INTEGER) + 1 FROM meta WHERE key = 'score_seq'").pluck().get() as number) ??
        1;
      db.prepare("UPDATE meta SET value = ? WHERE key = 'score_seq'").run(String(next));
      db.prepare(
        "INSERT INTO score_versions(version, state, columns, meta, people, created_at, heartbeat_at) VALUES (?, 'writing', ?, ?, 0, ?, ?)",
      ).run(next, JSON.stringify(columns), JSON.stringify(set.meta), new Date().toISOString(), Date.now());
      return next;
    })
    .immediate();

  try {
    const findPk = db.prepare<[string], number>('SELECT pk FROM people WHERE id = ?').pluck();
    const insert = db.prepare(
      `INSERT OR REPLACE INTO scores(version, person${columns.map((c) => `, ${scoreColumnIdentifier(c)}`).join('')}) ` +
        `VALUES (?, ?${', ?'.repeat(columns.length)})`,
    );
    const beat = db.prepare('UPDATE score_versions SET heartbeat_at = ? WHERE version = ?');
    const values = columns.map((c) => set.columns[c]);
    const args: unknown[] = new Array(columns.length + 2);
    args[0] = version;
    let written = 0;
    const n = set.ids.length;
    for (let start = 0; start < n; start += CHUNK) {
      if (options.signal?.aborted) throw new CancelledError('score writing cancelled');
      const end = Math.min(n, start + CHUNK);
      db.transaction(() => {
        for (let i = start; i < end; i++) {
          const pk = findPk.get(set.ids[i]);
          if (pk === undefined) continue; // erased (or never stored) since the snapshot was taken
          args[1] = pk;
          for (let c = 0; c < values.length; c++) {
            const value = values[c][i];
            args[c + 2] = Number.isNaN(value) ? null : value;
          }
          insert.run(args);
          written++;
        }
        beat.run(Date.now(), version);
      }).immediate();
      await yieldToEventLoop();
    }
    if (options.signal?.aborted) throw new CancelledError('score writing cancelled');

    db.transaction(() => {
      const state = db.prepare('SELECT state FROM score_versions WHERE version = ?').pluck().get(version);
      if (state !== 'writing') throw new Error(`score version ${version} was removed while it was being written`);
      db.prepare("UPDATE score_versions SET state = 'complete', people = ? WHERE version = ?").run(written, version);
      const current = db.prepare("SELECT value FROM meta WHERE key = 'score_current'").pluck().get() as
        string | undefined;
      if (current !== undefined) setMeta(db, 'score_previous', current);
      setMeta(db, 'score_current', String(version));
    }).immediate();
  } catch (error) {
    db.transaction(() => dropVersion(db, version)).immediate();
    throw error;
  }
  db.transaction(() => pruneVersions(db, options.staleAfterMs, options.retention ?? RETENTION_DEFAULTS)).immediate();
  return version;
}

function dropVersion(db: Database.Database, version: number): void {
  db.prepare('DELETE FROM scores WHERE version = ?').run(version);
  db.prepare('DELETE FROM score_versions WHERE version = ?').run(version);
}

/** Removes 'writing' versions whose writer stopped refreshing the heartbeat (a killed process). */
export function removeStaleVersions(db: Database.Database, staleAfterMs: number): void {
  const stale = db
    .prepare("SELECT version FROM score_versions WHERE state = 'writing' AND heartbeat_at < ?")
    .pluck()
    .all(Date.now() - staleAfterMs) as number[];
  for (const version of stale) dropVersion(db, version);
}

/** Drops the complete versions the retention no longer keeps (versions still being written stay). */
function pruneVersions(db: Database.Database, staleAfterMs: number, retention: Retention): void {
  removeStaleVersions(db, staleAfterMs);
  const pinned = db
    .prepare("SELECT CAST(value AS INTEGER) FROM meta WHERE key IN ('score_current', 'score_previous')")
    .pluck()
    .all() as number[];
  const complete = db
    .prepare("SELECT version, created_at AS createdAt FROM score_versions WHERE state = 'complete'")
    .all() as Array<{ version: number; createdAt: string }>;
  const kept = complete.map((v) => ({ version: v.version, writtenAtMs: Date.parse(v.createdAt) }));
  for (const version of versionsToDrop(kept, pinned, retention)) dropVersion(db, version);
}
