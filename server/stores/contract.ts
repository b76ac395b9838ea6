import type { GraphSink, ImportBatch, Person, Relationship } from '../../graph/model.ts';
import type { ScoreSet, ScoreSetMeta } from '../../graph/scores/types.ts';

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
   * new one, never a mix. Returns the new version number.
   */
  writeScoreSet(set: ScoreSet, options?: { signal?: AbortSignal }): Promise<number>;
  currentScoreVersion(): Promise<ScoreVersionInfo | null>;
  /** Every person's scores of a version (default: current), in a stable order by id. */
  readScores(version?: number): Promise<ScoreTable | null>;

  getPerson(id: string): Promise<PersonRecord | null>;
  /** Prefix, case-insensitive search over id, label and handle, ranked as search-order.ts says; `limit` default 20, at most 1000. */
  searchPeople(query: string, options?: { limit?: number }): Promise<Person[]>;
  /**
   * The ego network of a person: people within `depth` hops (either direction, default 1) and the relationships among
   * them, at most `limit` people (default 100, the centre included; see ego.ts for which are kept); null for an
   * unknown id.
   */
  ego(id: string, options?: { depth?: 1 | 2; limit?: number }): Promise<EgoNetwork | null>;
  /** Right to erasure: the person, their relationships and scores are removed; an audit record without personal data stays. */
  erasePerson(id: string, options: { actor: string; reason?: string }): Promise<boolean>;
  auditLog(options?: { limit?: number }): Promise<AuditRecord[]>;
  counts(): Promise<StoreCounts>;

  /** A named advisory lock (batch re-scoring): true when acquired; a lock older than `staleAfterMs` is taken over. */
  acquireLock(name: string, owner: string, options?: { staleAfterMs?: number }): Promise<boolean>;
  releaseLock(name: string, owner: string): Promise<void>;
}

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

export interface ScoreTable {
  version: number;
  meta: ScoreSetMeta;
  columns: string[];
  rows:
    | AsyncIterable<{ id: string; scores: Record<string, number | null> }>
    | Iterable<{ id: string; scores: Record<string, number | null> }>;
}

export interface PersonRecord {
  person: Person;
  /** Scores of the current version; null where a score has no value; empty when nothing was scored yet. */
  scores: Record<string, number | null>;
  scoreVersion: number | null;
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

export interface StoreCounts {
  people: number;
  relationships: number;
  graphVersion: number;
  scoreVersion: number | null;
}
