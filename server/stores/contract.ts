import type { GraphSink, ImportBatch, Person, Relationship } from '../../graph/model.ts';
import type { ScoreSet, ScoreSetMeta } from '../../graph/scores/types.ts';
import type { ErasureOptions } from './audit.ts';
import type { LockHolder } from './locks.ts';
import type { Retention } from './retention.ts';

export type { LockHolder };

/**
 * The store contract: everything Sway asks of a database. Two implementations pass the same contract test suite:
 * the embedded SQLite store (the default, a single file under --data) and Neo4j (production).
 */
export interface GraphStore {
  readonly kind: 'sqlite' | 'neo4j';
  /** Creates tables / constraints and indexes idempotently. */
  init(): Promise<void>;
  close(): Promise<void>;

  /**
   * Imports a whole file all-or-nothing: either every batch lands or nothing does (the previous state stays intact,
   * also if the process is killed midway). Re-importing the same file changes nothing. Errors thrown by the batch
   * iterator (an InputError naming file, line and field) abort the import.
   */
  importBatches(batches: AsyncIterable<ImportBatch>, options: ImportOptions): Promise<ImportResult>;
  /** Upserts in one transaction each (API edits, tests). */
  upsertPeople(people: Person[]): Promise<void>;
  upsertRelationships(relationships: Relationship[]): Promise<void>;

  /** Streams every person, then every relationship, into the sink without holding the graph twice. */
  streamGraph(sink: GraphSink, filter?: GraphFilter): Promise<void>;

  /**
   * Writes a complete score set as a new version and makes it current atomically: readers see the previous set or the
   * new one, never a mix. Then prunes the versions `retention` (default RETENTION_DEFAULTS, retention.ts) no longer
   * keeps. Returns the new version number.
   */
  writeScoreSet(set: ScoreSet, options?: { signal?: AbortSignal; retention?: Retention }): Promise<number>;
  currentScoreVersion(): Promise<ScoreVersionInfo | null>;
  /** The complete score versions the store keeps (it prunes older ones, retention.ts), in increasing order. */
  scoreVersions(): Promise<number[]>;
  /** Every person's scores of a version (default: current), in a stable order by id (see scoreTable below). */
  readScores(version?: number): Promise<ScoreTable | null>;
  /**
   * One person's scores of a complete version (default: current), read by the person's key without going through the
   * version's other rows; null when the store does not keep that version.
   */
  readPersonScores(id: string, version?: number): Promise<PersonScores | null>;

  getPerson(id: string): Promise<PersonRecord | null>;
  /**
   * Prefix, case-insensitive search over id, label and handle, ranked as search-order.ts says; `limit` default 20, at
   * most 1000.
   */
  searchPeople(query: string, options?: { limit?: number }): Promise<Person[]>;
  /**
   * The ego network of a person: people within `depth` hops (either direction, default 1) and the relationships among
   * them, at most `limit` people (default 100, the centre included; see ego.ts for which are kept); null for an
   * unknown id.
   */
  ego(id: string, options?: { depth?: 1 | 2; limit?: number }): Promise<EgoNetwork | null>;
  /**
   * Right to erasure: the person, their relationships and scores are removed; an audit record without personal data
   * stays (the reason as a code, a ticket reference and the id as keyed hashes).
   */
  erasePerson(id: string, options: ErasureOptions): Promise<boolean>;
  auditLog(options?: { limit?: number }): Promise<AuditRecord[]>;
  /** How many people and relationships are stored (counting them reads every relationship's index entry). */
  counts(): Promise<StoreCounts>;
  /**
   * The graph and the current score version only: two point reads, cheap enough for the API to ask every half second
   * (counts() scans the relationships, which on 500,000 of them held the API's thread for tens of milliseconds).
   */
  versions(): Promise<StoreVersions>;

  /**
   * A named advisory lock (batch re-scoring): true when acquired (or refreshed, by its owner). The lock records this
   * process's id and host; it is taken over when its holder has not refreshed it for `staleAfterMs` (default
   * STALE_AFTER_MS), or
   * at once when the holder was a process of this machine that no longer exists (locks.ts).
   */
  acquireLock(name: string, owner: string, options?: { staleAfterMs?: number }): Promise<boolean>;
  /** Who holds a lock (to tell a user who is in the way, and since when), or null when nobody does. */
  lockHolder(name: string): Promise<LockHolder | null>;
  releaseLock(name: string, owner: string): Promise<void>;
}

/**
 * How long a holder may go without a sign of life (a lock's refresh, a score version's heartbeat) before the stores
 * take it for dead (a killed process) and take over.
 */
export const STALE_AFTER_MS = 60_000;

export interface ImportOptions {
  /** A label for the audit trail and errors, usually the file name. */
  source: string;
  onProgress?: (progress: { relationships: number; people: number }) => void;
  signal?: AbortSignal;
}

export interface ImportResult {
  /** Distinct people the file named (with attributes or as relationship endpoints). */
  people: number;
  /** Relationship rows the file held (a repeated row counts each time; the store keeps its last occurrence). */
  relationships: number;
  /** The store's graph version after the import (increments only when something changed). */
  graphVersion: number;
}

export interface GraphFilter {
  /** Only relationships of these kinds. */
  kinds?: Relationship['kind'][];
  /** Only relationships with a rating. */
  ratedOnly?: boolean;
}

export interface ScoreVersionInfo {
  version: number;
  meta: ScoreSetMeta;
  people: number;
}

type Rows<T> = AsyncIterable<T> | Iterable<T>;

/** One person's values of a score version, aligned with the version's columns (null where there is no value). */
export type ScoreValues = readonly [id: string, values: ReadonlyArray<number | null>];

/** A person's values of one score version (readPersonScores). */
export interface PersonScores {
  version: number;
  meta: ScoreSetMeta;
  columns: string[];
  /** Aligned with `columns` (null where there is no value); null when the person has no row in the version. */
  values: ReadonlyArray<number | null> | null;
}

/** One person's scores by column name, for readers that want records (exports). */
export interface ScoreRecord {
  id: string;
  scores: Record<string, number | null>;
}

/**
 * A score version as stored: its columns and, person by person in id order, their values. Each iteration reads the
 * version afresh. `values` is the compact form (what server/load/score-columns.ts aligns with a snapshot); `rows`
 * gives the same as records.
 */
export interface ScoreTable {
  version: number;
  meta: ScoreSetMeta;
  columns: string[];
  values: Rows<ScoreValues>;
  rows: Rows<ScoreRecord>;
}

/** Builds a store's ScoreTable from its `values` reader (stores implement only that). */
export function scoreTable(
  version: number,
  meta: ScoreSetMeta,
  columns: string[],
  values: () => Rows<ScoreValues>,
): ScoreTable {
  return {
    version,
    meta,
    columns,
    get values() {
      return values();
    },
    get rows() {
      return records(columns, values());
    },
  };
}

async function* records(columns: string[], values: Rows<ScoreValues>): AsyncGenerator<ScoreRecord> {
  for await (const [id, row] of values) {
    const scores: Record<string, number | null> = {};
    for (let c = 0; c < columns.length; c++) scores[columns[c]] = row[c];
    yield { id, scores };
  }
}

export interface PersonRecord {
  person: Person;
  inDegree: number;
  outDegree: number;
}

export interface EgoNetwork {
  center: string;
  people: Person[];
  relationships: Relationship[];
  /** True when the limit cut the network short. */
  truncated: boolean;
}

export interface AuditRecord {
  at: string;
  action: string;
  actor: string;
  /** A salted hash of the erased id, so the record proves an erasure without holding personal data. */
  subjectHash: string;
  details: Record<string, number | string>;
}

export interface StoreVersions {
  graphVersion: number;
  /** The current complete score version, null before the first. */
  scoreVersion: number | null;
}

export interface StoreCounts extends StoreVersions {
  people: number;
  relationships: number;
}
