import neo4j, { type Driver } from 'neo4j-driver';
import { InvalidOptionsError } from '../../../graph/errors.ts';
import {
  RELATIONSHIP_KINDS,
  type GraphSink,
  type ImportBatch,
  type Person,
  type Relationship,
} from '../../../graph/model.ts';
import type { ScoreSet } from '../../../graph/scores/types.ts';
import { erasureRecord, type ErasureOptions } from '../audit.ts';
import type {
  AuditRecord,
  EgoNetwork,
  GraphFilter,
  GraphStore,
  LockHolder,
  ImportOptions,
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
import { StoreUnavailableError } from '../errors.ts';
import { lockIsFree, thisProcess } from '../locks.ts';
import type { Retention } from '../retention.ts';
import { settleAbandonedImports, stagedImport, waitForAppliedImports, IMPORT_LOCK, LOCK_STALE_MS } from './import.ts';
import { mergeRows, rowsFor, toPerson, toRelationship } from './people.ts';
import { createSchema } from './schema.ts';
import {
  completeVersions,
  mirrorCurrentVersion,
  readPersonVersion,
  readVersion,
  removeStaleVersions,
  versionInfo,
  versionProperty,
  writeScoreVersion,
} from './scores.ts';
import { guard, int, openSession, readTransaction, writeTransaction, type Neo4jContext } from './session.ts';
import { checkPerson, checkRelationship, limitOption, searchKey } from '../validate.ts';
import { rankSearchMatches } from '../search-order.ts';

export interface Neo4jStoreOptions {
  url: string;
  user: string;
  password: string;
  /** Default: the server's default database. */
  database?: string;
  /** See SqliteStoreOptions.staleWriteAfterMs. Default 60,000 ms. */
  staleWriteAfterMs?: number;
  /**
   * How long a transaction that failed for a transient reason (an unreachable server, a deadlock) is retried. Default
   * 30,000 ms.
   */
  maxRetryTimeMs?: number;
}

/** Records pulled per round trip when streaming the graph. */
const STREAM_FETCH_SIZE = 20_000;

/**
 * The Neo4j store (production): the same contract as the embedded store on neo4j-driver. Every query is
 * parameterised (user input never becomes Cypher text; the only names spliced into queries are fixed or validated
 * score property names, passed as parameters too where Cypher allows). Writes go through managed transactions that
 * the driver retries on transient errors with backoff. Imports are staged and applied through a redo log
 * (neo4j/import.ts); score versions are switched by a pointer and copied to plain properties for Cypher users
 * (neo4j/scores.ts).
 */
const LOCK_FIELDS =
  'l.owner AS owner, l.pid AS pid, l.host AS host, l.acquiredAt AS acquiredAt, l.refreshedAt AS refreshedAt';

/** Integers come back from the driver as its Integer objects (or null). */
function toNumber(value: unknown): number {
  return value === null || value === undefined
    ? NaN
    : typeof value === 'number'
      ? value
      : (value as { toNumber(): number }).toNumber();
}

function lockHolderOf(record: { get(key: string): unknown }): LockHolder | null {
  const owner = record.get('owner') as string | null;
  if (owner === null) return null;
  const pid = toNumber(record.get('pid'));
  const refreshedAt = toNumber(record.get('refreshedAt'));
  const acquiredAt = toNumber(record.get('acquiredAt'));
  return {
    owner,
    pid: Number.isFinite(pid) ? pid : null,
    host: (record.get('host') as string | null) ?? null,
    acquiredAt: Number.isFinite(acquiredAt) ? acquiredAt : refreshedAt,
    refreshedAt,
  };
}

export class Neo4jStore implements GraphStore {
  readonly kind = 'neo4j' as const;
  private readonly context: Neo4jContext;
  private readonly staleWriteAfterMs: number;

  constructor(options: Neo4jStoreOptions) {
    let driver: Driver;
    try {
      driver = neo4j.driver(options.url, neo4j.auth.basic(options.user, options.password), {
        disableLosslessIntegers: true,
        maxTransactionRetryTime: options.maxRetryTimeMs ?? 30_000,
        connectionAcquisitionTimeout: 60_000,
        userAgent: 'sway',
      });
    } catch (error) {
      throw new StoreUnavailableError(`cannot use Neo4j at ${options.url}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    this.context = { driver, database: options.database, url: options.url };
    this.staleWriteAfterMs = options.staleWriteAfterMs ?? STALE_AFTER_MS;
  }

  async init(): Promise<void> {
    try {
      await guard(this.context, () => this.context.driver.verifyConnectivity({ database: this.context.database }));
    } catch (error) {
      if (error instanceof StoreUnavailableError) throw error;
      throw new StoreUnavailableError(`cannot reach Neo4j at ${this.context.url}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    await createSchema(this.context);
    // Repair what killed writers left: imports past their commit point, half-made copies of the current scores.
    const owner = `init:${process.pid}:${Date.now()}`;
    if (await this.acquireLock(IMPORT_LOCK, owner, { staleAfterMs: LOCK_STALE_MS })) {
      try {
        await settleAbandonedImports(this.context);
      } finally {
        await this.releaseLock(IMPORT_LOCK, owner);
      }
    }
    await removeStaleVersions(this.context, this.staleWriteAfterMs);
    await mirrorCurrentVersion(this.context);
  }

  async close(): Promise<void> {
    await this.context.driver.close();
  }

  async importBatches(batches: AsyncIterable<ImportBatch>, options: ImportOptions): Promise<ImportResult> {
    if (!options || typeof options.source !== 'string')
      throw new InvalidOptionsError('import', '"source" must name the file');
    return stagedImport(this.context, this, batches, options);
  }

  async upsertPeople(people: Person[]): Promise<void> {
    people.forEach((p) => checkPerson(p, 'people update'));
    await this.upsert(rowsFor(people, [], null));
  }

  async upsertRelationships(relationships: Relationship[]): Promise<void> {
    relationships.forEach((r) => checkRelationship(r, 'relationships update'));
    await this.upsert(rowsFor([], relationships, null));
  }

  /** One transaction: the rows and, if anything changed, the graph version. */
  private async upsert(rows: ReturnType<typeof rowsFor>): Promise<void> {
    await writeTransaction(this.context, async (tx) => {
      const changed = await mergeRows(tx, rows.people, rows.relationships);
      if (changed > 0) await tx.run("MATCH (m:SwayMeta {key: 'sway'}) SET m.graphVersion = m.graphVersion + 1");
    });
  }

  async streamGraph(sink: GraphSink, filter: GraphFilter = {}): Promise<void> {
    const kinds = filter.kinds ?? null;
    if (kinds) {
      for (const kind of kinds) {
        if (!RELATIONSHIP_KINDS.includes(kind))
          throw new InvalidOptionsError('loading the graph', `unknown relationship kind "${kind}"`);
      }
    }
    await waitForAppliedImports(this.context, this);
    const session = openSession(this.context, 'READ', STREAM_FETCH_SIZE);
    try {
      await guard(this.context, async () => {
        const tx = session.beginTransaction();
        try {
          for await (const record of tx.run('MATCH (p:Person) RETURN p {.*} AS p')) {
            sink.addPerson(toPerson(record.get('p') as Record<string, unknown>));
          }
          const relationships = tx.run(
            `MATCH (a:Person)-[r:INFLUENCES]->(b:Person)
             WHERE ($kinds IS NULL OR r.kind IN $kinds) AND (NOT $ratedOnly OR r.rating IS NOT NULL)
             RETURN a.id AS s, b.id AS t, r.kind AS k, r.weight AS w, r.rating AS r, r.time AS tm, r.channel AS ch`,
            { kinds, ratedOnly: filter.ratedOnly === true },
          );
          for await (const record of relationships) {
            const relationship: Relationship = {
              source: record.get(0),
              target: record.get(1),
              kind: record.get(2),
              weight: record.get(3),
            };
            const rating = record.get(4);
            const time = record.get(5);
            const channel = record.get(6);
            if (rating !== null) relationship.rating = rating;
            if (time !== null) relationship.time = time;
            if (channel !== null) relationship.channel = channel;
            sink.addRelationship(relationship);
          }
        } finally {
          await tx.close();
        }
      });
    } finally {
      await session.close();
    }
  }

  async writeScoreSet(set: ScoreSet, options: { signal?: AbortSignal; retention?: Retention } = {}): Promise<number> {
    return writeScoreVersion(this.context, set, {
      signal: options.signal,
      staleAfterMs: this.staleWriteAfterMs,
      retention: options.retention,
    });
  }

  async currentScoreVersion(): Promise<ScoreVersionInfo | null> {
    const node = await readVersion(this.context, undefined);
    return node ? versionInfo(node) : null;
  }

  async scoreVersions(): Promise<number[]> {
    return completeVersions(this.context);
  }

  async readScores(version?: number): Promise<ScoreTable | null> {
    const node = await readVersion(this.context, version);
    if (!node) return null;
    return scoreTable(node.version, node.meta, node.columns, () => this.scoreValues(node.version, node.columns.length));
  }

  async readPersonScores(id: string, version?: number): Promise<PersonScores | null> {
    const read = await readPersonVersion(this.context, id, version);
    if (!read) return null;
    const { node, values } = read;
    return {
      version: node.version,
      meta: node.meta,
      columns: node.columns,
      values: values === null ? null : nullForNaN(values, node.columns.length),
    };
  }

  private async *scoreValues(version: number, width: number): AsyncGenerator<ScoreValues> {
    const session = openSession(this.context, 'READ', STREAM_FETCH_SIZE);
    try {
      const result = session.run(
        'MATCH (p:Person) WHERE p[$property] IS NOT NULL RETURN p.id AS id, p[$property] AS values ORDER BY id',
        {
          property: versionProperty(version),
        },
      );
      for await (const record of result) {
        yield [record.get('id') as string, nullForNaN(record.get('values') as number[] | null, width)];
      }
    } finally {
      await session.close();
    }
  }

  async getPerson(id: string): Promise<PersonRecord | null> {
    return readTransaction(this.context, async (tx) => {
      const result = await tx.run(
        `MATCH (p:Person {id: $id})
         RETURN p {.id, .label, .handle, .segment, .region, .channels, .customer, .clv, .sentiment} AS person,
                COUNT { (p)<-[:INFLUENCES]-(:Person) } AS inDegree, COUNT { (p)-[:INFLUENCES]->(:Person) } AS outDegree`,
        { id },
      );
      if (result.records.length === 0) return null;
      const r = result.records[0];
      return {
        person: toPerson(r.get('person') as Record<string, unknown>),
        inDegree: r.get('inDegree') as number,
        outDegree: r.get('outDegree') as number,
      };
    });
  }

  async searchPeople(query: string, options?: { limit?: number }): Promise<Person[]> {
    const limit = limitOption('search', options, 20, 1000);
    if (typeof query !== 'string') throw new InvalidOptionsError('search', '"query" must be a string');
    const prefix = searchKey(query.trim());
    if (prefix === '') return [];
    return readTransaction(this.context, async (tx) => {
      // One index-ordered read per property, each cut at `limit` (see rankSearchMatches for the order).
      const byProperty = async (property: 'lc_id' | 'lc_label' | 'lc_handle') => {
        const result = await tx.run(
          `MATCH (p:Person) WHERE p.${property} STARTS WITH $prefix RETURN p {.*} AS p ORDER BY p.${property}, p.id LIMIT $limit`,
          { prefix, limit: int(limit) },
        );
        return result.records.map((r) => toPerson(r.get('p') as Record<string, unknown>));
      };
      return rankSearchMatches(
        [await byProperty('lc_id'), await byProperty('lc_label'), await byProperty('lc_handle')],
        limit,
      );
    });
  }

  async ego(id: string, options?: { depth?: 1 | 2; limit?: number }): Promise<EgoNetwork | null> {
    const o = egoOptions(options);
    return readTransaction(this.context, async (tx) => {
      const exists = await tx.run('MATCH (p:Person {id: $id}) RETURN count(p) AS n', { id });
      if ((exists.records[0].get('n') as number) === 0) return null;
      const tiesOf = async (ids: string[]): Promise<Tie[]> => {
        const result = await tx.run(
          `UNWIND $ids AS id
           MATCH (p:Person {id: id})-[r:INFLUENCES]-(:Person)
           RETURN startNode(r).id AS s, endNode(r).id AS t, r.weight AS w`,
          { ids },
        );
        return result.records.map((r) => ({ source: r.get('s'), target: r.get('t'), weight: r.get('w') }));
      };
      const chosen = await chooseEgoPeople(id, o, tiesOf);
      const result = await tx.run(
        `UNWIND range(0, size($ids) - 1) AS i
         MATCH (p:Person {id: $ids[i]})
         RETURN i, p {.*} AS p,
                [(p)-[r:INFLUENCES]->(q:Person) WHERE q.id IN $ids | {target: q.id, r: r {.*}}] AS out
         ORDER BY i`,
        { ids: chosen.ids },
      );
      const people: Person[] = [];
      const relationships: Relationship[] = [];
      for (const record of result.records) {
        const person = toPerson(record.get('p') as Record<string, unknown>);
        people.push(person);
        for (const edge of record.get('out') as { target: string; r: Record<string, unknown> }[]) {
          relationships.push(toRelationship(person.id, edge.target, edge.r));
        }
      }
      relationships.sort(compareRelationships);
      return { center: id, people, relationships, truncated: chosen.truncated };
    });
  }

  async erasePerson(id: string, options: ErasureOptions): Promise<boolean> {
    if (!options || typeof options.actor !== 'string' || options.actor === '') {
      throw new InvalidOptionsError('erasure', '"actor" must name who erases');
    }
    return writeTransaction(this.context, async (tx) => {
      const found = await tx.run(
        `MATCH (p:Person {id: $id}), (m:SwayMeta {key: 'sway'})
         RETURN m.salt AS salt, COUNT { (p)-[:INFLUENCES]-() } AS relationships`,
        { id },
      );
      if (found.records.length === 0) return false;
      const record = erasureRecord(
        found.records[0].get('salt') as string,
        id,
        options,
        found.records[0].get('relationships') as number,
      );
      // The person's relationships and every score version (properties of the node) go with the node.
      await tx.run(
        `MATCH (p:Person {id: $id}) DETACH DELETE p
         WITH 1 AS done
         MATCH (m:SwayMeta {key: 'sway'})
         SET m.graphVersion = m.graphVersion + 1, m.auditSeq = coalesce(m.auditSeq, 0) + 1
         CREATE (:SwayAudit {seq: m.auditSeq, at: $at, action: $action, actor: $actor, subjectHash: $subjectHash, details: $details})`,
        {
          id,
          at: record.at,
          action: record.action,
          actor: record.actor,
          subjectHash: record.subjectHash,
          details: JSON.stringify(record.details),
        },
      );
      return true;
    });
  }

  async auditLog(options?: { limit?: number }): Promise<AuditRecord[]> {
    const limit = limitOption('audit log', options, 100);
    return readTransaction(this.context, async (tx) => {
      const result = await tx.run('MATCH (a:SwayAudit) RETURN a {.*} AS record ORDER BY a.seq DESC LIMIT $limit', {
        limit: int(limit),
      });
      return result.records.map((r) => {
        const a = r.get('record') as Record<string, string>;
        return {
          at: a.at,
          action: a.action,
          actor: a.actor,
          subjectHash: a.subjectHash,
          details: JSON.parse(a.details),
        };
      });
    });
  }

  async counts(): Promise<StoreCounts> {
    return readTransaction(this.context, async (tx) => {
      const result = await tx.run(
        `MATCH (m:SwayMeta {key: 'sway'})
         OPTIONAL MATCH (v:SwayScoreVersion {version: m.currentScoreVersion, state: 'complete'})
         RETURN COUNT { (:Person) } AS people, COUNT { ()-[:INFLUENCES]->() } AS relationships,
                m.graphVersion AS graphVersion, v.version AS scoreVersion`,
      );
      const r = result.records[0];
      return {
        people: r.get('people') as number,
        relationships: r.get('relationships') as number,
        graphVersion: r.get('graphVersion') as number,
        scoreVersion: r.get('scoreVersion') as number | null,
      };
    });
  }

  async versions(): Promise<StoreVersions> {
    return readTransaction(this.context, async (tx) => {
      const result = await tx.run(
        `MATCH (m:SwayMeta {key: 'sway'})
         OPTIONAL MATCH (v:SwayScoreVersion {version: m.currentScoreVersion, state: 'complete'})
         RETURN m.graphVersion AS graphVersion, v.version AS scoreVersion`,
      );
      const r = result.records[0];
      return { graphVersion: r.get('graphVersion') as number, scoreVersion: r.get('scoreVersion') as number | null };
    });
  }

  async acquireLock(name: string, owner: string, options: { staleAfterMs?: number } = {}): Promise<boolean> {
    const staleAfterMs = options.staleAfterMs ?? STALE_AFTER_MS;
    return writeTransaction(this.context, async (tx) => {
      // The first SET takes the node's write lock, so the decision below reads the latest committed holder; whether
      // the holder's process still exists is asked here, between the two statements of the same transaction.
      const result = await tx.run(
        `MERGE (l:SwayLock {name: $name})
         SET l.attemptedAt = timestamp()
         RETURN ${LOCK_FIELDS}, timestamp() AS now`,
        { name },
      );
      const record = result.records[0];
      if (!lockIsFree(lockHolderOf(record), owner, toNumber(record.get('now')), staleAfterMs)) return false;
      const { pid, host } = thisProcess();
      await tx.run(
        `MATCH (l:SwayLock {name: $name})
         SET l.acquiredAt = CASE WHEN l.owner = $owner THEN coalesce(l.acquiredAt, timestamp()) ELSE timestamp() END,
             l.owner = $owner, l.refreshedAt = timestamp(), l.pid = $pid, l.host = $host`,
        { name, owner, pid: int(pid), host },
      );
      return true;
    });
  }

  async lockHolder(name: string): Promise<LockHolder | null> {
    return readTransaction(this.context, async (tx) => {
      const result = await tx.run(`MATCH (l:SwayLock {name: $name}) RETURN ${LOCK_FIELDS}`, { name });
      return result.records.length === 0 ? null : lockHolderOf(result.records[0]);
    });
  }

  async releaseLock(name: string, owner: string): Promise<void> {
    await writeTransaction(this.context, (tx) =>
      tx.run('MATCH (l:SwayLock {name: $name, owner: $owner}) DELETE l', { name, owner }),
    );
  }
}

/** A version's list property as values: NaN (how a list stores "no value") becomes null. */
function nullForNaN(values: number[] | null, width: number): Array<number | null> {
  return Array.from({ length: width }, (_, c) => {
    const value = values?.[c];
    return value === undefined || value === null || Number.isNaN(value) ? null : value;
  });
}
