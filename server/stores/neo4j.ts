import neo4j, { type Driver } from 'neo4j-driver';
import { InvalidOptionsError } from '../../graph/errors.ts';
import {
  RELATIONSHIP_KINDS,
  type GraphSink,
  type ImportBatch,
  type Person,
  type Relationship,
} from '../../graph/model.ts';
import type { ScoreSet } from '../../graph/scores/types.ts';
import { erasureRecord } from './audit.ts';
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
import { StoreUnavailableError } from './errors.ts';
import {
  settleAbandonedImports,
  stagedImport,
  waitForAppliedImports,
  IMPORT_LOCK,
  LOCK_STALE_MS,
} from './neo4j/import.ts';
import { mergeRows, rowsFor, toPerson, toRelationship } from './neo4j/people.ts';
import { createSchema } from './neo4j/schema.ts';
import {
  mirrorCurrentVersion,
  readVersion,
  removeStaleVersions,
  scoreRecord,
  versionInfo,
  versionProperty,
  writeScoreVersion,
} from './neo4j/scores.ts';
import { guard, int, openSession, readTransaction, writeTransaction, type Neo4jContext } from './neo4j/session.ts';
import { checkPerson, checkRelationship, limitOption, searchKey } from './validate.ts';
import { rankSearchMatches } from './search-order.ts';

export interface Neo4jStoreOptions {
  url: string;
  user: string;
  password: string;
  /** Default: the server's default database. */
  database?: string;
  /** See SqliteStoreOptions.staleWriteAfterMs. Default 60,000 ms. */
  staleWriteAfterMs?: number;
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
export class Neo4jStore implements GraphStore {
  readonly kind = 'neo4j' as const;
  private readonly context: Neo4jContext;
  private readonly staleWriteAfterMs: number;

  constructor(options: Neo4jStoreOptions) {
    let driver: Driver;
    try {
      driver = neo4j.driver(options.url, neo4j.auth.basic(options.user, options.password), {
        disableLosslessIntegers: true,
        maxTransactionRetryTime: 30_000,
        connectionAcquisitionTimeout: 60_000,
        userAgent: 'sway',
      });
    } catch (error) {
      throw new StoreUnavailableError(`cannot use Neo4j at ${options.url}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    this.context = { driver, database: options.database, url: options.url };
    this.staleWriteAfterMs = options.staleWriteAfterMs ?? 60_000;
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
      throw new InvalidOptionsError('importBatches', '"source" must name the file');
    return stagedImport(this.context, this, batches, options);
  }

  async upsertPeople(people: Person[]): Promise<void> {
    people.forEach((p) => checkPerson(p, 'upsertPeople'));
    await this.upsert(rowsFor(people, [], null));
  }

  async upsertRelationships(relationships: Relationship[]): Promise<void> {
    relationships.forEach((r) => checkRelationship(r, 'upsertRelationships'));
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
          throw new InvalidOptionsError('streamGraph', `unknown relationship kind "${kind}"`);
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

  async writeScoreSet(set: ScoreSet, options: { signal?: AbortSignal } = {}): Promise<number> {
    return writeScoreVersion(this.context, set, { signal: options.signal, staleAfterMs: this.staleWriteAfterMs });
  }

  async currentScoreVersion(): Promise<ScoreVersionInfo | null> {
    const node = await readVersion(this.context, undefined);
    return node ? versionInfo(node) : null;
  }

  async readScores(version?: number): Promise<ScoreTable | null> {
    const node = await readVersion(this.context, version);
    if (!node) return null;
    return {
      version: node.version,
      meta: node.meta,
      columns: node.columns,
      rows: this.scoreRows(node.version, node.columns),
    };
  }

  private async *scoreRows(
    version: number,
    columns: string[],
  ): AsyncGenerator<{ id: string; scores: Record<string, number | null> }> {
    const session = openSession(this.context, 'READ', STREAM_FETCH_SIZE);
    try {
      const result = session.run(
        'MATCH (p:Person) WHERE p[$property] IS NOT NULL RETURN p.id AS id, p[$property] AS values ORDER BY id',
        {
          property: versionProperty(version),
        },
      );
      for await (const record of result) {
        yield { id: record.get('id') as string, scores: scoreRecord(columns, record.get('values') as number[]) };
      }
    } finally {
      await session.close();
    }
  }

  async getPerson(id: string): Promise<PersonRecord | null> {
    return readTransaction(this.context, async (tx) => {
      // The pointer and the values in one query: the values belong to the version the pointer named.
      const result = await tx.run(
        `MATCH (p:Person {id: $id})
         OPTIONAL MATCH (m:SwayMeta {key: 'sway'})
         OPTIONAL MATCH (v:SwayScoreVersion {version: m.currentScoreVersion, state: 'complete'})
         RETURN p {.id, .label, .handle, .segment, .region, .channels, .customer, .clv, .sentiment} AS person,
                v.version AS version, v.columns AS columns,
                CASE WHEN v IS NULL THEN null ELSE p['sway_scores_v' + toString(v.version)] END AS values,
                COUNT { (p)<-[:INFLUENCES]-(:Person) } AS inDegree, COUNT { (p)-[:INFLUENCES]->(:Person) } AS outDegree`,
        { id },
      );
      if (result.records.length === 0) return null;
      const r = result.records[0];
      const version = r.get('version') as number | null;
      return {
        person: toPerson(r.get('person') as Record<string, unknown>),
        scores: version === null ? {} : scoreRecord(r.get('columns') as string[], r.get('values') as number[] | null),
        scoreVersion: version,
        inDegree: r.get('inDegree') as number,
        outDegree: r.get('outDegree') as number,
      };
    });
  }

  async searchPeople(query: string, options?: { limit?: number }): Promise<Person[]> {
    const limit = limitOption('searchPeople', options, 20, 1000);
    if (typeof query !== 'string') throw new InvalidOptionsError('searchPeople', '"query" must be a string');
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

  async erasePerson(id: string, options: { actor: string; reason?: string }): Promise<boolean> {
    if (!options || typeof options.actor !== 'string' || options.actor === '') {
      throw new InvalidOptionsError('erasePerson', '"actor" must name who erases');
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
    const limit = limitOption('auditLog', options, 100);
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

  async acquireLock(name: string, owner: string, options: { staleAfterMs?: number } = {}): Promise<boolean> {
    const staleAfterMs = options.staleAfterMs ?? 60_000;
    return writeTransaction(this.context, async (tx) => {
      // The first SET takes the node's write lock, so the decision below reads the latest committed holder.
      const result = await tx.run(
        `MERGE (l:SwayLock {name: $name})
         SET l.attemptedAt = timestamp()
         WITH l, l.owner IS NULL OR l.owner = $owner OR l.refreshedAt < timestamp() - $stale AS free
         FOREACH (_ IN CASE WHEN free THEN [1] ELSE [] END |
           SET l.owner = $owner, l.refreshedAt = timestamp())
         RETURN free`,
        { name, owner, stale: int(staleAfterMs) },
      );
      return result.records[0].get('free') as boolean;
    });
  }

  async releaseLock(name: string, owner: string): Promise<void> {
    await writeTransaction(this.context, (tx) =>
      tx.run('MATCH (l:SwayLock {name: $name, owner: $owner}) DELETE l', { name, owner }),
    );
  }
}
