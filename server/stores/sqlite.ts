import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { InvalidOptionsError } from '../../graph/errors.ts';
import type { GraphSink, ImportBatch, Person, Relationship } from '../../graph/model.ts';
import type { ScoreSet, ScoreSetMeta } from '../../graph/scores/types.ts';
import { erasureRecord, newSalt } from './audit.ts';
import type {
  AuditRecord,
  EgoNetwork,
  GraphFilter,
  GraphStore,
  ImportOptions,
  ImportResult,
  PersonRecord,
  ScoreTable,
  ScoreVersionInfo,
  StoreCounts,
} from './contract.ts';
import { chooseEgoPeople, compareRelationships, egoOptions, type Tie } from './ego.ts';
import { StoreBusyError, StoreUnavailableError } from './errors.ts';
import { Mutex } from './mutex.ts';
import { importInTransaction, SqliteWriter } from './sqlite/import.ts';
import { PERSON_SELECT, toPerson, type PersonRow } from './sqlite/rows.ts';
import { StatementCache } from './sqlite/statements.ts';
import { configure, createSchema, metaValue } from './sqlite/schema.ts';
import {
  CURRENT_VERSION_SQL,
  readVersion,
  removeStaleVersions,
  versionInfo,
  writeScoreVersion,
} from './sqlite/scores.ts';
import { KIND_BY_CODE, KIND_CODES, limitOption, searchKey } from './validate.ts';
import { rankSearchMatches } from './search-order.ts';

export interface SqliteStoreOptions {
  /**
   * A score version still being written whose writer has not refreshed it for this long is removed (its writer was
   * killed). Default 60,000 ms; a live writer refreshes it every few milliseconds.
   */
  staleWriteAfterMs?: number;
}

/** The file the embedded store keeps everything in, under the data folder. */
export const SQLITE_FILE = 'sway.db';

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

  constructor(dataDir: string, options: SqliteStoreOptions = {}) {
    this.path = join(resolve(dataDir), SQLITE_FILE);
    this.staleWriteAfterMs = options.staleWriteAfterMs ?? 60_000;
  }

  async init(): Promise<void> {
    if (this.db) return;
    let db: Database.Database | undefined;
    try {
      mkdirSync(resolve(this.path, '..'), { recursive: true });
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

  /** Runs a write in turn with this process's other writers, mapping "another process holds the lock" to a clear error. */
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
      throw new InvalidOptionsError('importBatches', '"source" must name the file');
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
      this.inWriteTransaction((writer) => people.forEach((p) => writer.addPerson(p)), 'upsertPeople'),
    );
  }

  async upsertRelationships(relationships: Relationship[]): Promise<void> {
    await this.write(() =>
      this.inWriteTransaction((writer) => {
        relationships.forEach((r) => writer.addRelationship(r));
      }, 'upsertRelationships'),
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
        if (!(kind in KIND_CODES)) throw new InvalidOptionsError('streamGraph', `unknown relationship kind "${kind}"`);
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

  async writeScoreSet(set: ScoreSet, options: { signal?: AbortSignal } = {}): Promise<number> {
    return this.write(() =>
      writeScoreVersion(this.conn, set, { signal: options.signal, staleAfterMs: this.staleWriteAfterMs }),
    );
  }

  async currentScoreVersion(): Promise<ScoreVersionInfo | null> {
    const row = readVersion(this.conn, undefined);
    return row ? versionInfo(row) : null;
  }

  async readScores(version?: number): Promise<ScoreTable | null> {
    const row = readVersion(this.conn, version);
    if (!row) return null;
    const columns = JSON.parse(row.columns) as string[];
    return {
      version: row.version,
      meta: JSON.parse(row.meta) as ScoreSetMeta,
      columns,
      rows: this.scoreRows(row.version, columns),
    };
  }

  /**
   * A version's rows in id order, read lazily on a connection of their own (a consumer may await between rows, and
   * this process's other queries must not find the main connection busy with an open cursor meanwhile).
   */
  private *scoreRows(
    version: number,
    columns: string[],
  ): Generator<{ id: string; scores: Record<string, number | null> }> {
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
      for (const row of select.iterate(version) as IterableIterator<unknown[]>) {
        const scores: Record<string, number | null> = {};
        for (let c = 0; c < columns.length; c++) scores[columns[c]] = row[c + 1] as number | null;
        yield { id: row[0] as string, scores };
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
        const version = readVersion(db, undefined, (text) => this.sql(text));
        let scores: Record<string, number | null> = {};
        if (version) {
          const columns = JSON.parse(version.columns) as string[];
          const values = this.sql(
            `SELECT ${columns.map((c) => `"${c}"`).join(', ') || 'NULL'} FROM scores WHERE version = ? AND person = ?`,
          )
            .raw()
            .get(version.version, row.pk) as unknown[] | undefined;
          if (values) scores = Object.fromEntries(columns.map((c, i) => [c, values[i] as number | null]));
        }
        const inDegree = this.sql('SELECT count(*) FROM relationships WHERE target = ?').pluck().get(row.pk) as number;
        const outDegree = this.sql('SELECT count(*) FROM relationships WHERE source = ?').pluck().get(row.pk) as number;
        return { person: toPerson(row), scores, scoreVersion: version?.version ?? null, inDegree, outDegree };
      })
      .deferred();
  }

  async searchPeople(query: string, options?: { limit?: number }): Promise<Person[]> {
    const limit = limitOption('searchPeople', options, 20, 1000);
    if (typeof query !== 'string') throw new InvalidOptionsError('searchPeople', '"query" must be a string');
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

  async erasePerson(id: string, options: { actor: string; reason?: string }): Promise<boolean> {
    if (!options || typeof options.actor !== 'string' || options.actor === '') {
      throw new InvalidOptionsError('erasePerson', '"actor" must name who erases');
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
    // The erased rows were overwritten in the database pages (secure_delete); the write-ahead log may still hold
    // their earlier page images until it is checkpointed and truncated.
    if (erased) this.conn.pragma('wal_checkpoint(TRUNCATE)');
    return erased;
  }

  async auditLog(options?: { limit?: number }): Promise<AuditRecord[]> {
    const limit = limitOption('auditLog', options, 100);
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
        graphVersion: this.graphVersion(db),
        scoreVersion:
          (this.sql(`SELECT version FROM score_versions WHERE version = ${CURRENT_VERSION_SQL} AND state = 'complete'`)
            .pluck()
            .get() as number | undefined) ?? null,
      }))
      .deferred();
  }

  async acquireLock(name: string, owner: string, options: { staleAfterMs?: number } = {}): Promise<boolean> {
    const staleAfterMs = options.staleAfterMs ?? 60_000;
    return this.write(() => {
      const db = this.conn;
      return db
        .transaction((): boolean => {
          const now = Date.now();
          const held = db.prepare('SELECT owner, refreshed_at FROM locks WHERE name = ?').get(name) as
            { owner: string; refreshed_at: number } | undefined;
          if (held && held.owner !== owner && now - held.refreshed_at <= staleAfterMs) return false;
          if (held && held.owner === owner) {
            db.prepare('UPDATE locks SET refreshed_at = ? WHERE name = ?').run(now, name);
          } else {
            db.prepare('INSERT OR REPLACE INTO locks(name, owner, acquired_at, refreshed_at) VALUES (?, ?, ?, ?)').run(
              name,
              owner,
              now,
              now,
            );
          }
          return true;
        })
        .immediate();
    });
  }

  async releaseLock(name: string, owner: string): Promise<void> {
    await this.write(() => {
      this.conn.prepare('DELETE FROM locks WHERE name = ? AND owner = ?').run(name, owner);
    });
  }
}
