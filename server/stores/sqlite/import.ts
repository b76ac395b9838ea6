import type Database from 'better-sqlite3';
import { throwIfAborted } from '../../../graph/errors.ts';
import { Growable } from '../../../graph/growable.ts';
import type { ImportBatch, Person, Relationship } from '../../../graph/model.ts';
import { countingSort } from '../../../graph/snapshot.ts';
import type { ImportOptions } from '../contract.ts';
import { KIND_CODES, checkPerson, checkRelationship } from '../validate.ts';
import { PEOPLE_ID_LC_INDEX, RELATIONSHIPS_TARGET_INDEX, type RebuiltIndex } from './schema.ts';
import {
  PERSON_COLUMNS,
  UPSERT_PERSON_SQL,
  UPSERT_RELATIONSHIP_CONFLICT,
  hasAttributes,
  personValues,
} from './rows.ts';

/**
 * Rows bound per INSERT statement: one call into SQLite per 256 rows rather than per row (on epinions, 256 imports
 * about 5% faster than 64; 512 and 1024 no faster again). 256 rows of 13 person columns stay far below SQLite's limit
 * of 32,766 bound parameters.
 */
const ROWS_PER_STATEMENT = 256;
const PERSON_COLUMN_COUNT = PERSON_COLUMNS.split(',').length;

function insertPeopleSql(rows: number): string {
  const row = `(${Array(PERSON_COLUMN_COUNT).fill('?').join(',')})`;
  return `INSERT INTO people(${PERSON_COLUMNS}) VALUES ${Array(rows).fill(row).join(',')}`;
}

/**
 * Writes people and relationships into the embedded store inside the caller's transaction, as fast as SQLite
 * allows (the target is 300,000 relationships a second):
 *
 * - people get integer keys as they arrive (a Map from id to key, falling back to the stored people);
 * - relationships are held as typed arrays (about 40 bytes each), then sorted by (source, target, kind) with two
 *   counting sorts and inserted in primary-key order, so SQLite appends to its B-tree instead of inserting at random;
 * - when the file brings more relationships than are stored, the in-edge index is dropped and rebuilt once at the
 *   end (a sorted bulk build), still inside the transaction, so a failure restores it with everything else; likewise
 *   the lower-cased id index when no people were stored (ids arrive in file order, so each insert into that index
 *   lands at a random place; one sorted build at the end is 3-8% of a first import of epinions faster).
 *
 * A repeated (source, target, kind) keeps its last occurrence, as the snapshot builder does. `changes` counts rows
 * that were inserted or whose values changed, so a re-import of the same data reports 0.
 */
export class SqliteWriter {
  private readonly pkOf = new Map<string, number>();
  private nextPk: number;
  /** No people stored when the writer started: every id not in `pkOf` is new, so there is nothing to look up. */
  private readonly startedEmpty: boolean;
  private readonly findPk: Database.Statement<[string], number>;
  private readonly upsertPerson: Database.Statement;
  private readonly insertPeople: Database.Statement;
  /** New people's values, inserted ROWS_PER_STATEMENT at a time (they cannot conflict: their ids were looked up). */
  private pendingPeople: unknown[] = [];
  private readonly sources = new Growable(Int32Array, 1 << 14);
  private readonly targets = new Growable(Int32Array, 1 << 14);
  private readonly kinds = new Growable(Uint8Array, 1 << 14);
  private readonly weights = new Growable(Float64Array, 1 << 14);
  private readonly ratings = new Growable(Float64Array, 1 << 14);
  private readonly times = new Growable(Float64Array, 1 << 14);
  private readonly channels = new Growable(Int32Array, 1 << 14);
  private readonly channelNames: string[] = [];
  private readonly channelIndex = new Map<string, number>();
  changes = 0;
  people = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly where: string,
  ) {
    this.findPk = db.prepare<[string], number>('SELECT pk FROM people WHERE id = ?').pluck();
    this.upsertPerson = db.prepare(UPSERT_PERSON_SQL);
    this.insertPeople = db.prepare(insertPeopleSql(ROWS_PER_STATEMENT));
    this.nextPk = (db.prepare('SELECT coalesce(max(pk), 0) + 1 FROM people').pluck().get() as number) ?? 1;
    this.startedEmpty = this.nextPk === 1;
    if (this.startedEmpty) dropIndex(db, PEOPLE_ID_LC_INDEX);
  }

  get relationshipCount(): number {
    return this.sources.length;
  }

  addPerson(person: Person): number {
    checkPerson(person, this.where);
    let pk = this.pkOf.get(person.id);
    if (pk === undefined) {
      pk = this.startedEmpty ? undefined : this.findPk.get(person.id);
      if (pk === undefined) {
        pk = this.nextPk++;
        for (const value of personValues(pk, person)) this.pendingPeople.push(value);
        if (this.pendingPeople.length === ROWS_PER_STATEMENT * PERSON_COLUMN_COUNT) this.flushPeople();
      } else if (hasAttributes(person)) {
        this.changes += this.upsertPerson.run(personValues(pk, person)).changes;
      }
      this.pkOf.set(person.id, pk);
      this.people++;
    } else if (hasAttributes(person)) {
      // The person may still be pending: insert first, so that the upsert merges into the stored row.
      this.flushPeople();
      this.changes += this.upsertPerson.run(personValues(pk, person)).changes;
    }
    return pk;
  }

  private flushPeople(): void {
    const rows = this.pendingPeople.length / PERSON_COLUMN_COUNT;
    if (rows === 0) return;
    const statement = rows === ROWS_PER_STATEMENT ? this.insertPeople : this.db.prepare(insertPeopleSql(rows));
    this.changes += statement.run(this.pendingPeople).changes;
    this.pendingPeople = [];
  }

  addRelationship(r: Relationship): void {
    checkRelationship(r, this.where);
    this.sources.push(this.pkOf.get(r.source) ?? this.addPerson({ id: r.source }));
    this.targets.push(this.pkOf.get(r.target) ?? this.addPerson({ id: r.target }));
    this.kinds.push(KIND_CODES[r.kind]);
    this.weights.push(r.weight);
    this.ratings.push(r.rating ?? NaN);
    this.times.push(r.time ?? NaN);
    let channel = -1;
    if (r.channel != null) {
      channel = this.channelIndex.get(r.channel) ?? -1;
      if (channel < 0) {
        channel = this.channelNames.push(r.channel) - 1;
        this.channelIndex.set(r.channel, channel);
      }
    }
    this.channels.push(channel);
  }

  addBatch(batch: ImportBatch): void {
    for (const person of batch.people) this.addPerson(person);
    for (const relationship of batch.relationships) this.addRelationship(relationship);
  }

  /** Writes the buffered people and relationships; returns how many distinct relationships there were. */
  flushRelationships(): number {
    this.flushPeople();
    if (this.startedEmpty) this.db.exec(PEOPLE_ID_LC_INDEX.sql);
    const m = this.sources.length;
    if (m === 0) return 0;
    const src = this.sources.toArray();
    const tgt = this.targets.toArray();
    const kind = this.kinds.toArray();
    const keyCount = this.nextPk;
    // (target, kind) as one key, then a stable sort by source on top: order by (source, target, kind, arrival).
    const targetKind = new Int32Array(m);
    for (let e = 0; e < m; e++) targetKind[e] = tgt[e] * 3 + kind[e];
    const order = countingSort(src, keyCount, countingSort(targetKind, keyCount * 3, null));

    const stored = this.db.prepare('SELECT count(*) FROM relationships').pluck().get() as number;
    const rebuildIndex = m > stored;
    if (rebuildIndex) dropIndex(this.db, RELATIONSHIPS_TARGET_INDEX);

    const columns = 7;
    const insert = (rows: number) =>
      this.db.prepare(
        `INSERT INTO relationships(source, target, kind, weight, rating, time, channel) VALUES ${Array(rows).fill('(?,?,?,?,?,?,?)').join(',')}` +
          UPSERT_RELATIONSHIP_CONFLICT,
      );
    const many = insert(ROWS_PER_STATEMENT);
    const args: unknown[] = new Array(ROWS_PER_STATEMENT * columns);
    const weight = this.weights.toArray();
    const rating = this.ratings.toArray();
    const time = this.times.toArray();
    const channel = this.channels.toArray();
    let filled = 0;
    let distinct = 0;
    for (let k = 0; k < m; k++) {
      const e = order[k];
      if (k + 1 < m) {
        const f = order[k + 1];
        if (src[f] === src[e] && targetKind[f] === targetKind[e]) continue; // a later occurrence wins
      }
      distinct++;
      const o = filled * columns;
      args[o] = src[e];
      args[o + 1] = tgt[e];
      args[o + 2] = kind[e];
      args[o + 3] = weight[e];
      args[o + 4] = Number.isNaN(rating[e]) ? null : rating[e];
      args[o + 5] = Number.isNaN(time[e]) ? null : time[e];
      args[o + 6] = channel[e] < 0 ? null : this.channelNames[channel[e]];
      if (++filled === ROWS_PER_STATEMENT) {
        this.changes += many.run(args).changes;
        filled = 0;
      }
    }
    if (filled > 0) this.changes += insert(filled).run(args.slice(0, filled * columns)).changes;
    if (rebuildIndex) this.db.exec(RELATIONSHIPS_TARGET_INDEX.sql);
    return distinct;
  }
}

function dropIndex(db: Database.Database, index: RebuiltIndex): void {
  db.exec(`DROP INDEX IF EXISTS ${index.name}`);
}

/**
 * Runs a whole import in one write transaction on its own connection: nothing is visible to readers until COMMIT,
 * a thrown error (a bad row, a cancelled signal) rolls everything back, and a killed process leaves only an
 * uncommitted tail in the write-ahead log, which SQLite ignores on the next open.
 */
export async function importInTransaction(
  db: Database.Database,
  batches: AsyncIterable<ImportBatch>,
  options: ImportOptions,
): Promise<{ people: number; relationships: number; changes: number }> {
  db.exec('BEGIN IMMEDIATE');
  try {
    const writer = new SqliteWriter(db, `import of ${options.source}`);
    for await (const batch of batches) {
      throwIfAborted(options.signal);
      writer.addBatch(batch);
      options.onProgress?.({ relationships: writer.relationshipCount, people: writer.people });
    }
    throwIfAborted(options.signal);
    const relationships = writer.relationshipCount;
    writer.flushRelationships();
    if (writer.changes > 0) {
      db.prepare("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'graph_version'").run();
    }
    db.exec('COMMIT');
    return { people: writer.people, relationships, changes: writer.changes };
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
