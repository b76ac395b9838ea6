import { existsSync } from 'node:fs';
import { preparePrivateFile } from '../file-modes.ts';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { InvalidOptionsError } from '../../../graph/errors.ts';
import type { GraphSink, ImportBatch, Person, Relationship } from '../../../graph/model.ts';
import type { ScoreSet, ScoreSetMeta } from '../../../graph/scores/types.ts';
import { erasureRecord, newSalt, type ErasureOptions } from '../audit.ts';
import type {
  AuditRecord,
  EgoNetwork,
  GraphFilter,
  GraphStore,
  ImportOptions,
  LockHolder,
  ImportResult,
  PersonRecord,
  PersonScores,
  ScoreTable,
  ScoreValues,
  ScoreVersionInfo,
  StoreCounts,
  StoreVersions,
} from '../contract.ts';
import { scoreTable, STALE_AFTER_MS } from '../contract.ts';
import { chooseEgoPeople, compareRelationships, egoOptions, type Tie } from '../ego.ts';
import { StoreBusyError, StoreUnavailableError } from '../errors.ts';
import { lockIsFree, thisProcess } from '../locks.ts';
import type { Retention } from '../retention.ts';
import { Mutex } from './mutex.ts';
import { importInTransaction, SqliteWriter } from './import.ts';
import { PERSON_SELECT, toPerson, type PersonRow } from './rows.ts';
import { StatementCache } from './statements.ts';
import { configure, createSchema, metaValue, scoreColumnIdentifier } from './schema.ts';
import { CURRENT_VERSION_SQL, readVersion, removeStaleVersions, versionInfo, writeScoreVersion } from './scores.ts';
import { KIND_BY_CODE, KIND_CODES, limitOption, searchKey } from '../validate.ts';
import { rankSearchMatches } from '../search-order.ts';

export interface SqliteStoreOptions {
  /**
   * A score version still being written whose writer has not refreshed it for this long is removed (its writer was
   * killed). Default 60,000 ms; a live writer refreshes it every few milliseconds.
   */
  staleWriteAfterMs?: number;
  /**
   * Create the store when the data folder holds none. Default true; false (every command that only reads a store)
   * makes a folder without one an error that names it, so a mistyped --data path never reads as an empty store.
   */
  create?: boolean;
}

/** The file the embedded store keeps everything in, under the data folder. */
export const SQLITE_FILE = 'sway.db';

/** How often an erasure whose checkpoint a reader blocked tries again. */
const ERASURE_CHECKPOINT_RETRY_MS = 200;

/**
 * The embedded default store: one SQLite file (`<data>/sway.db`) through better-sqlite3, in WAL mode so that readers
 * never wait for a writer and always see a committed state. Bulk imports run on their own connection in one
 * transaction (see sqlite/import.ts); score versions are written beside the current one and switched in one
 * transaction (see sqlite/scores.ts). Writers within this process take turns through a mutex; other processes wait
 * on SQLite's lock (busy timeout 10 s).
 */
export class SqliteStore implements GraphStore {
  readonly kind = 'sqlite' as const;
  readonly path: string;
  private db: Database.Database | null = null;
  private statements: StatementCache | null = null;
  private readonly writes = new Mutex();
  private readonly staleWriteAfterMs: number;
  private readonly create: boolean;

  constructor(dataDir: string, options: SqliteStoreOptions = {}) {
    this.path = join(resolve(dataDir), SQLITE_FILE);
    this.staleWriteAfterMs = options.staleWriteAfterMs ?? STALE_AFTER_MS;
    this.create = options.create ?? true;
  }

  async init(): Promise<void> {
    if (this.db) return;
    if (!this.create && !existsSync(this.path)) {
      const folder = resolve(this.path, '..');
      throw new StoreUnavailableError(
        `no Sway store in ${folder}${existsSync(folder) ? ` (the folder has no ${SQLITE_FILE})` : ' (the folder does not exist)'}: ` +
          'check --data, or import a network into it first (sway import <file> --data <folder>)',
      );
    }
    let db: Database.Database | undefined;
    try {
      preparePrivateFile(this.path);
      db = new Database(this.path);
      configure(db, { cacheMiB: 64 });
      const open = db;
      open
        .transaction(() => {
          createSchema(open, newSalt());
          removeStaleVersions(open, this.staleWriteAfterMs);
        })
        .immediate();
    } catch (error) {
      db?.close();
      throw new StoreUnavailableError(`cannot open the embedded store ${this.path}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    this.db = db;
  }

  async close(): Promise<void> {
    await this.writes.run(() => {
      if (this.checkpointTimer) {
        // A last try: SQLite also checkpoints when the last connection closes, if no other process reads.
        this.checkpointAndTruncate();
        clearInterval(this.checkpointTimer);
        this.checkpointTimer = null;
      }
      this.db?.close();
      this.db = null;
      this.statements = null;
    });
  }

  /** A statement of this store's connection, prepared once (statements.ts); for reads that requests repeat. */
  private sql(text: string): Database.Statement {
    this.statements ??= new StatementCache(this.conn);
    return this.statements.get(text);
  }

  private get conn(): Database.Database {
    if (!this.db) throw new Error('the store is not open (call init() first)');
    return this.db;
  }

  /**
   * Runs a write in turn with this process's other writers, mapping "another process holds the lock" to a clear error.
   */
  private async write<T>(work: () => Promise<T> | T): Promise<T> {
    return this.writes.run(async () => {
      try {
        return await work();
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_BUSY') {
          throw new StoreBusyError(
            `the embedded store ${this.path} is busy: another process is writing to it (an import?); try again when it has finished`,
          );
        }
        throw error;
      }
    });
  }

  private graphVersion(db: Database.Database = this.conn): number {
    return Number(metaValue(db, 'graph_version') ?? 0);
  }

  async importBatches(batches: AsyncIterable<ImportBatch>, options: ImportOptions): Promise<ImportResult> {
    if (!options || typeof options.source !== 'string')
      throw new InvalidOptionsError('import', '"source" must name the file');
    return this.write(async () => {
      // Its own connection: the transaction stays open across awaits while the file is read, and this process's
      // readers (on the main connection) must keep seeing the committed state meanwhile.
      const db = new Database(this.path);
      try {
        configure(db, { cacheMiB: 256 });
        const result = await importInTransaction(db, batches, options);
        return { people: result.people, relationships: result.relationships, graphVersion: this.graphVersion(db) };
      } finally {
        db.close();
      }
    });
  }

  async upsertPeople(people: Person[]): Promise<void> {
    await this.write(() =>
      this.inWriteTransaction((writer) => people.forEach((p) => writer.addPerson(p)), 'people update'),
    );
  }

  async upsertRelationships(relationships: Relationship[]): Promise<void> {
    await this.write(() =>
      this.inWriteTransaction((writer) => {
        relationships.forEach((r) => writer.addRelationship(r));
      }, 'relationships update'),
    );
  }

  private inWriteTransaction(fill: (writer: SqliteWriter) => void, where: string): void {
    const db = this.conn;
    db.transaction(() => {
      const writer = new SqliteWriter(db, where);
      fill(writer);
      writer.flushRelationships();
      if (writer.changes > 0)
        db.prepare("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'graph_version'").run();
    }).immediate();
  }

  async streamGraph(sink: GraphSink, filter: GraphFilter = {}): Promise<void> {
    const db = this.conn;
    const conditions: string[] = [];
    const params: number[] = [];
    if (filter.kinds) {
      for (const kind of filter.kinds) {
        if (!(kind in KIND_CODES))
          throw new InvalidOptionsError('loading the graph', `unknown relationship kind "${kind}"`);
      }
      conditions.push(`kind IN (${filter.kinds.map(() => '?').join(', ') || 'NULL'})`);
      params.push(...filter.kinds.map((kind) => KIND_CODES[kind]));
    }
    if (filter.ratedOnly) conditions.push('rating IS NOT NULL');
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    // One read transaction: people and relationships come from the same committed state.
    db.exec('BEGIN');
    try {
      const idOfPk: string[] = [];
      for (const row of db
        .prepare(`SELECT ${PERSON_SELECT} FROM people ORDER BY pk`)
        .iterate() as IterableIterator<PersonRow>) {
        idOfPk[row.pk] = row.id;
        sink.addPerson(toPerson(row));
      }
      const relationships = db
        .prepare(`SELECT source, target, kind, weight, rating, time, channel FROM relationships ${where}`)
        .raw();
      for (const row of relationships.iterate(...params) as IterableIterator<
        [number, number, number, number, number | null, number | null, string | null]
      >) {
        const relationship: Relationship = {
          source: idOfPk[row[0]],
          target: idOfPk[row[1]],
          kind: KIND_BY_CODE[row[2]],
          weight: row[3],
        };
        if (row[4] !== null) relationship.rating = row[4];
        if (row[5] !== null) relationship.time = row[5];
        if (row[6] !== null) relationship.channel = row[6];
        sink.addRelationship(relationship);
      }
    } finally {
      db.exec('COMMIT');
    }
  }

  async writeScoreSet(set: ScoreSet, options: { signal?: AbortSignal; retention?: Retention } = {}): Promise<number> {
    return this.write(() =>
      writeScoreVersion(this.conn, set, {
        signal: options.signal,
        staleAfterMs: this.staleWriteAfterMs,
        retention: options.retention,
      }),
    );
  }

  async currentScoreVersion(): Promise<ScoreVersionInfo | null> {
    const row = readVersion(this.conn, undefined);
    return row ? versionInfo(row) : null;
  }

  async scoreVersions(): Promise<number[]> {
    return this.sql("SELECT version FROM score_versions WHERE state = 'complete' ORDER BY version")
      .pluck()
      .all() as number[];
  }

  async readScores(version?: number): Promise<ScoreTable | null> {
    const row = readVersion(this.conn, version);
    if (!row) return null;
    const columns = JSON.parse(row.columns) as string[];
    return scoreTable(row.version, JSON.parse(row.meta) as ScoreSetMeta, columns, () =>
      this.scoreValues(row.version, columns),
    );
  }

  async readPersonScores(id: string, version?: number): Promise<PersonScores | null> {
    // One read transaction: a version pruned between reading its columns and the person's row would read as empty.
    return this.conn.transaction((): PersonScores | null => {
      const row = readVersion(this.conn, version);
      if (!row) return null;
      const columns = JSON.parse(row.columns) as string[];
      // By the scores primary key (version, person) and the people id index: a point read whatever the version's size.
      const values = this.sql(
        `SELECT ${columns.map((c) => `s.${scoreColumnIdentifier(c)}`).join(', ')} FROM people p JOIN scores s ` +
          'ON s.version = ? AND s.person = p.pk WHERE p.id = ?',
      )
        .raw()
        .get(row.version, id) as Array<number | null> | undefined;
      return { version: row.version, meta: JSON.parse(row.meta) as ScoreSetMeta, columns, values: values ?? null };
    })();
  }

  /**
   * A version's rows in id order, read lazily on a connection of their own (a consumer may await between rows, and
   * this process's other queries must not find the main connection busy with an open cursor meanwhile).
   */
  private *scoreValues(version: number, columns: string[]): Generator<ScoreValues> {
    const db = new Database(this.path, { readonly: true, fileMustExist: true });
    try {
      db.exec('BEGIN');
      const select = db
        .prepare(
          // CROSS JOIN fixes the join order: people in id order (their unique index), each one's row found by the
          // scores primary key. The planner's own order sorted all rows before returning the first (170 ms on epinions,
          // one block of the API's thread while it builds a score view).
          `SELECT p.id${columns.map((c) => `, s."${c}"`).join('')} FROM people p CROSS JOIN scores s ` +
            'ON s.version = ? AND s.person = p.pk ORDER BY p.id',
        )
        .raw();
      for (const row of select.iterate(version) as IterableIterator<[string, ...Array<number | null>]>) {
        yield [row[0], row.slice(1) as Array<number | null>];
      }
      db.exec('COMMIT');
    } finally {
      db.close();
    }
  }

  async getPerson(id: string): Promise<PersonRecord | null> {
    const db = this.conn;
    return db
      .transaction((): PersonRecord | null => {
        const row = this.sql(`SELECT ${PERSON_SELECT} FROM people WHERE id = ?`).get(id) as PersonRow | undefined;
        if (!row) return null;
        const inDegree = this.sql('SELECT count(*) FROM relationships WHERE target = ?').pluck().get(row.pk) as number;
        const outDegree = this.sql('SELECT count(*) FROM relationships WHERE source = ?').pluck().get(row.pk) as number;
        return { person: toPerson(row), inDegree, outDegree };
      })
      .deferred();
  }

  async searchPeople(query: string, options?: { limit?: number }): Promise<Person[]> {
    const limit = limitOption('search', options, 20, 1000);
    if (typeof query !== 'string') throw new InvalidOptionsError('search', '"query" must be a string');
    const prefix = searchKey(query.trim());
    if (prefix === '') return [];
    // Prefix ranges on the lower-cased columns use their indexes; U+10FFFF sorts after every character SQLite stores.
    // Each column is read in its index order and stops after `limit` rows, so a one-letter query costs the same as
    // a full id (ordering all matches by id cost 16 ms for "1" on epinions, a fifth of the people).
    const upper = `${prefix}\u{10FFFF}`;
    const byColumn = (column: 'id_lc' | 'label_lc' | 'handle_lc') =>
      this.sql(
        `SELECT ${PERSON_SELECT} FROM people WHERE ${column} >= @prefix AND ${column} < @upper ORDER BY ${column}, id LIMIT @limit`,
      ).all({ prefix, upper, limit }) as PersonRow[];
    return rankSearchMatches(
      [byColumn('id_lc'), byColumn('label_lc'), byColumn('handle_lc')].map((rows) => rows.map(toPerson)),
      limit,
    );
  }

  async ego(id: string, options?: { depth?: 1 | 2; limit?: number }): Promise<EgoNetwork | null> {
    const o = egoOptions(options);
    const db = this.conn;
    const pkOf = db.prepare<[string], number>('SELECT pk FROM people WHERE id = ?').pluck();
    if (pkOf.get(id) === undefined) return null;
    const out = db
      .prepare('SELECT p.id, r.weight FROM relationships r JOIN people p ON p.pk = r.target WHERE r.source = ?')
      .raw();
    const into = db
      .prepare('SELECT p.id, r.weight FROM relationships r JOIN people p ON p.pk = r.source WHERE r.target = ?')
      .raw();
    const tiesOf = async (ids: string[]): Promise<Tie[]> => {
      const ties: Tie[] = [];
      for (const person of ids) {
        const pk = pkOf.get(person);
        if (pk === undefined) continue;
        for (const [target, weight] of out.all(pk) as [string, number][]) ties.push({ source: person, target, weight });
        for (const [source, weight] of into.all(pk) as [string, number][])
          ties.push({ source, target: person, weight });
      }
      return ties;
    };
    const chosen = await chooseEgoPeople(id, o, tiesOf);
    const members = new Set(chosen.ids);
    const people: Person[] = [];
    const relationships: Relationship[] = [];
    const personRow = db.prepare(`SELECT ${PERSON_SELECT} FROM people WHERE id = ?`);
    const outgoing = db
      .prepare(
        'SELECT t.id, r.kind, r.weight, r.rating, r.time, r.channel FROM relationships r JOIN people t ON t.pk = r.target WHERE r.source = ?',
      )
      .raw();
    for (const member of chosen.ids) {
      const row = personRow.get(member) as PersonRow | undefined;
      if (!row) continue;
      people.push(toPerson(row));
      for (const [target, kind, weight, rating, time, channel] of outgoing.all(row.pk) as [
        string,
        number,
        number,
        number | null,
        number | null,
        string | null,
      ][]) {
        if (!members.has(target)) continue;
        const relationship: Relationship = { source: member, target, kind: KIND_BY_CODE[kind], weight };
        if (rating !== null) relationship.rating = rating;
        if (time !== null) relationship.time = time;
        if (channel !== null) relationship.channel = channel;
        relationships.push(relationship);
      }
    }
    relationships.sort(compareRelationships);
    return { center: id, people, relationships, truncated: chosen.truncated };
  }

  async erasePerson(id: string, options: ErasureOptions): Promise<boolean> {
    if (!options || typeof options.actor !== 'string' || options.actor === '') {
      throw new InvalidOptionsError('erasure', '"actor" must name who erases');
    }
    const erased = await this.write(() => {
      const db = this.conn;
      return db
        .transaction((): boolean => {
          const pk = db.prepare('SELECT pk FROM people WHERE id = ?').pluck().get(id) as number | undefined;
          if (pk === undefined) return false;
          const relationships =
            db.prepare('DELETE FROM relationships WHERE source = ?').run(pk).changes +
            db.prepare('DELETE FROM relationships WHERE target = ?').run(pk).changes;
          db.prepare('DELETE FROM scores WHERE person = ?').run(pk);
          db.prepare('DELETE FROM people WHERE pk = ?').run(pk);
          const record = erasureRecord(metaValue(db, 'salt')!, id, options, relationships);
          db.prepare('INSERT INTO audit(at, action, actor, subject_hash, details) VALUES (?, ?, ?, ?, ?)').run(
            record.at,
            record.action,
            record.actor,
            record.subjectHash,
            JSON.stringify(record.details),
          );
          db.prepare("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'graph_version'").run();
          return true;
        })
        .immediate();
    });
    // The erased rows are overwritten in the new page images (secure_delete), but the database file keeps the old
    // ones until a checkpoint copies the write-ahead log back, and a reader (in any process) holding an older snapshot
    // stops that checkpoint short. Retry until the log is checkpointed whole and truncated.
    if (erased && !this.checkpointAndTruncate()) this.retryCheckpoint();
    return erased;
  }

  /**
   * Copies the whole write-ahead log into the database and truncates it to zero bytes, without waiting for readers:
   * true when done, false while a reader or writer still needs the log.
   */
  private checkpointAndTruncate(): boolean {
    const db = this.db;
    if (!db) return true;
    const timeout = db.pragma('busy_timeout', { simple: true }) as number;
    db.pragma('busy_timeout = 0');
    try {
      const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number; log: number }>;
      return result.busy === 0 && result.log === 0;
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_BUSY') return false;
      throw error;
    } finally {
      db.pragma(`busy_timeout = ${timeout}`);
    }
  }

  private checkpointTimer: NodeJS.Timeout | null = null;

  /** Tries the checkpoint again every ERASURE_CHECKPOINT_RETRY_MS until it succeeds or the store closes. */
  private retryCheckpoint(): void {
    if (this.checkpointTimer) return;
    this.checkpointTimer = setInterval(() => {
      if (!this.db || this.checkpointAndTruncate()) {
        clearInterval(this.checkpointTimer!);
        this.checkpointTimer = null;
      }
    }, ERASURE_CHECKPOINT_RETRY_MS);
    this.checkpointTimer.unref();
  }

  /** Whether an erasure is still waiting for the write-ahead log to be truncated (a reader holds an old snapshot). */
  get erasurePending(): boolean {
    return this.checkpointTimer !== null;
  }

  async auditLog(options?: { limit?: number }): Promise<AuditRecord[]> {
    const limit = limitOption('audit log', options, 100);
    const rows = this.conn
      .prepare('SELECT at, action, actor, subject_hash, details FROM audit ORDER BY seq DESC LIMIT ?')
      .all(limit) as { at: string; action: string; actor: string; subject_hash: string; details: string }[];
    return rows.map((r) => ({
      at: r.at,
      action: r.action,
      actor: r.actor,
      subjectHash: r.subject_hash,
      details: JSON.parse(r.details),
    }));
  }

  async counts(): Promise<StoreCounts> {
    const db = this.conn;
    return db
      .transaction(() => ({
        people: this.sql('SELECT count(*) FROM people').pluck().get() as number,
        relationships: this.sql('SELECT count(*) FROM relationships').pluck().get() as number,
        ...this.readVersions(db),
      }))
      .deferred();
  }

  async versions(): Promise<StoreVersions> {
    const db = this.conn;
    return db.transaction(() => this.readVersions(db)).deferred();
  }

  private readVersions(db: Database.Database): StoreVersions {
    return {
      graphVersion: this.graphVersion(db),
      scoreVersion:
        (this.sql(`SELECT version FROM score_versions WHERE version = ${CURRENT_VERSION_SQL} AND state = 'complete'`)
          .pluck()
          .get() as number | undefined) ?? null,
    };
  }

  async acquireLock(name: string, owner: string, options: { staleAfterMs?: number } = {}): Promise<boolean> {
    const staleAfterMs = options.staleAfterMs ?? STALE_AFTER_MS;
    return this.write(() => {
      const db = this.conn;
      return db
        .transaction((): boolean => {
          const now = Date.now();
          const held = this.readLock(db, name);
          if (!lockIsFree(held, owner, now, staleAfterMs)) return false;
          if (held && held.owner === owner) {
            db.prepare('UPDATE locks SET refreshed_at = ? WHERE name = ?').run(now, name);
          } else {
            const { pid, host } = thisProcess();
            db.prepare(
              'INSERT OR REPLACE INTO locks(name, owner, acquired_at, refreshed_at, pid, host) VALUES (?, ?, ?, ?, ?, ?)',
            ).run(name, owner, now, now, pid, host);
          }
          return true;
        })
        .immediate();
    });
  }

  async lockHolder(name: string): Promise<LockHolder | null> {
    return this.readLock(this.conn, name);
  }

  private readLock(db: Database.Database, name: string): LockHolder | null {
    const row = db.prepare('SELECT owner, acquired_at, refreshed_at, pid, host FROM locks WHERE name = ?').get(name) as
      { owner: string; acquired_at: number; refreshed_at: number; pid: number | null; host: string | null } | undefined;
    return row
      ? { owner: row.owner, pid: row.pid, host: row.host, acquiredAt: row.acquired_at, refreshedAt: row.refreshed_at }
      : null;
  }

  async releaseLock(name: string, owner: string): Promise<void> {
    await this.write(() => {
      this.conn.prepare('DELETE FROM locks WHERE name = ? AND owner = ?').run(name, owner);
    });
  }
}
