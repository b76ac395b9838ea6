import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { throwIfAborted } from '../../../graph/errors.ts';
import type { ImportBatch } from '../../../graph/model.ts';
import type { ImportOptions } from '../contract.ts';
import { checkPerson, checkRelationship } from '../validate.ts';
import { FreshRelationships } from './fresh-relationships.ts';
import { createRelationships, mergePeople, mergeRelationships, rowsFor, takeWriterStamp } from './people.ts';
import { autoCommit, int, readTransaction, writeTransaction, type Neo4jContext } from './session.ts';

/**
 * All-or-nothing imports into Neo4j.
 *
 * One transaction per file does not scale: Neo4j holds a transaction's changes in memory until commit, and epinions
 * (508,837 relationships) already exceeds the default transaction memory of a server with a 1 GB heap
 * (dbms.memory.transaction.total.max). So an import goes through a staging area and a redo log:
 *
 * 1. Staging. Each batch is validated and stored, as JSON, in a `(:SwayImportChunk {importId, seq, payload})` node,
 *    in a small transaction of its own, under a `(:SwayImport {id, state: 'staging'})` node. Nothing readers look at
 *    changes. A bad row, a cancelled signal or a killed process leaves the graph as it was; the staged chunks are
 *    deleted at once, or (killed) by the next import or store start once the import's lock has gone stale.
 * 2. Commit point. One transaction sets the import's state to 'applying': from here on the import will complete.
 * 3. Apply. Each chunk is merged into the graph and deleted in one transaction, in order, so every chunk is applied
 *    exactly once; merges are idempotent upserts. A process killed here leaves an 'applying' import that the next
 *    store start (or the next import, or a reader that must not see a partial graph) rolls forward to the end.
 * 4. Finish. One transaction bumps the graph version if anything changed and removes the import's node.
 *
 * Imports are serialised by the advisory lock `sway:import` (refreshed while the import runs; a killed importer's
 * lock goes stale after LOCK_STALE_MS). Readers that build a snapshot (streamGraph) wait while an import is being
 * applied, so scores are never computed from half a file.
 */
export const IMPORT_LOCK = 'sway:import';
export const LOCK_STALE_MS = 15_000;
const HEARTBEAT_MS = 3_000;

export interface LockApi {
  acquireLock(name: string, owner: string, options?: { staleAfterMs?: number }): Promise<boolean>;
  releaseLock(name: string, owner: string): Promise<void>;
}

export async function stagedImport(
  context: Neo4jContext,
  locks: LockApi,
  batches: AsyncIterable<ImportBatch>,
  options: ImportOptions,
): Promise<{ people: number; relationships: number; graphVersion: number }> {
  const importId = randomUUID();
  await acquireImportLock(locks, importId, options.signal);
  const heartbeat = setInterval(
    () => void locks.acquireLock(IMPORT_LOCK, importId, { staleAfterMs: LOCK_STALE_MS }).catch(() => undefined),
    HEARTBEAT_MS,
  );
  heartbeat.unref();
  try {
    await settleAbandonedImports(context);
    await writeTransaction(context, (tx) =>
      tx.run(
        "CREATE (:SwayImport {id: $id, source: $source, state: 'staging', startedAt: datetime(), changed: 0, chunks: 0})",
        {
          id: importId,
          source: options.source,
        },
      ),
    );
    const people = new Set<string>();
    let relationships = 0;
    let seq = 0;
    try {
      const where = `import of ${options.source}`;
      for await (const batch of batches) {
        throwIfAborted(options.signal);
        for (const person of batch.people) {
          checkPerson(person, where);
          people.add(person.id);
        }
        for (const relationship of batch.relationships) {
          checkRelationship(relationship, where);
          people.add(relationship.source);
          people.add(relationship.target);
        }
        relationships += batch.relationships.length;
        const payload = JSON.stringify({ people: batch.people, relationships: batch.relationships });
        await writeTransaction(context, (tx) =>
          tx.run(
            'MATCH (i:SwayImport {id: $id}) CREATE (:SwayImportChunk {importId: $id, seq: $seq, payload: $payload}) SET i.chunks = $seq + 1',
            {
              id: importId,
              seq: int(seq),
              payload,
            },
          ),
        );
        seq++;
        options.onProgress?.({ relationships, people: people.size });
      }
      throwIfAborted(options.signal);
    } catch (error) {
      await discardImport(context, importId).catch(() => undefined);
      throw error;
    }
    await writeTransaction(context, (tx) =>
      tx.run("MATCH (i:SwayImport {id: $id}) SET i.state = 'applying'", { id: importId }),
    );
    const graphVersion = await applyImport(context, importId);
    return { people: people.size, relationships, graphVersion };
  } finally {
    clearInterval(heartbeat);
    await locks.releaseLock(IMPORT_LOCK, importId).catch(() => undefined);
  }
}

async function acquireImportLock(locks: LockApi, owner: string, signal: AbortSignal | undefined): Promise<void> {
  while (!(await locks.acquireLock(IMPORT_LOCK, owner, { staleAfterMs: LOCK_STALE_MS }))) {
    throwIfAborted(signal);
    await sleep(250);
  }
}

/** Applies an import's remaining chunks in order, then finishes it; returns the graph version. */
async function applyImport(context: Neo4jContext, importId: string): Promise<number> {
  const seqs = await readTransaction(context, async (tx) => {
    const result = await tx.run('MATCH (c:SwayImportChunk {importId: $id}) RETURN c.seq AS seq ORDER BY seq', {
      id: importId,
    });
    return result.records.map((r) => r.get('seq') as number);
  });
  const known = new Set<string>();
  const fresh = new FreshRelationships();
  const writer = randomUUID();
  for (const seq of seqs) {
    const applied = await writeTransaction(context, async (tx) => {
      // First, so that concurrent appliers of this import (possible after a stale lock was taken over) serialise here
      // and the second one finds the chunk gone.
      const previous = await takeWriterStamp(tx, writer);
      const found = await tx.run('MATCH (c:SwayImportChunk {importId: $id, seq: $seq}) RETURN c.payload AS payload', {
        id: importId,
        seq: int(seq),
      });
      const reset = previous !== writer;
      // Already applied (by an importer that was killed afterwards, or by one that took over): nothing to write, but
      // the stamp now reads as ours, so a foreign write seen here must still make this importer forget what it knew.
      if (found.records.length === 0) return { merged: [], plan: fresh.plan([], [], reset) };
      const batch = JSON.parse(found.records[0].get('payload') as string) as ImportBatch;
      const rows = rowsFor(batch.people, batch.relationships, known);
      const people = await mergePeople(tx, rows.people);
      const plan = fresh.plan(rows.relationships, people.created, reset);
      const changed =
        people.changed + (await createRelationships(tx, plan.create)) + (await mergeRelationships(tx, plan.merge));
      await tx.run(
        'MATCH (c:SwayImportChunk {importId: $id, seq: $seq}) DELETE c WITH 1 AS done MATCH (i:SwayImport {id: $id}) SET i.changed = i.changed + $changed',
        { id: importId, seq: int(seq), changed: int(changed) },
      );
      return { merged: rows.people.map((row) => row.id), plan };
    });
    // Only once committed: a retried attempt must merge this chunk's endpoints again.
    for (const id of applied.merged) known.add(id);
    fresh.committed(applied.plan);
  }
  return writeTransaction(context, async (tx) => {
    const result = await tx.run(
      `MATCH (m:SwayMeta {key: 'sway'})
       OPTIONAL MATCH (i:SwayImport {id: $id})
       WITH m, i, coalesce(i.changed, 0) > 0 AS changed
       SET m.graphVersion = m.graphVersion + CASE WHEN changed THEN 1 ELSE 0 END
       WITH m, i
       DETACH DELETE i
       RETURN m.graphVersion AS graphVersion`,
      { id: importId },
    );
    return result.records[0].get('graphVersion') as number;
  });
}

async function discardImport(context: Neo4jContext, importId: string): Promise<void> {
  await autoCommit(
    context,
    'MATCH (c:SwayImportChunk {importId: $id}) CALL (c) { DELETE c } IN TRANSACTIONS OF 20 ROWS',
    { id: importId },
  );
  await writeTransaction(context, (tx) => tx.run('MATCH (i:SwayImport {id: $id}) DETACH DELETE i', { id: importId }));
}

/**
 * Finishes what killed importers left, while holding the import lock: imports past their commit point are rolled
 * forward, staged ones are discarded (with their chunks, also chunks whose import node is gone).
 */
export async function settleAbandonedImports(context: Neo4jContext): Promise<void> {
  const imports = await readTransaction(context, async (tx) => {
    const result = await tx.run('MATCH (i:SwayImport) RETURN i.id AS id, i.state AS state ORDER BY i.startedAt');
    return result.records.map((r) => ({ id: r.get('id') as string, state: r.get('state') as string }));
  });
  for (const found of imports) {
    if (found.state === 'applying') await applyImport(context, found.id);
    else await discardImport(context, found.id);
  }
  await autoCommit(
    context,
    'MATCH (c:SwayImportChunk) WHERE NOT EXISTS { MATCH (i:SwayImport {id: c.importId}) } CALL (c) { DELETE c } IN TRANSACTIONS OF 20 ROWS',
  );
}

/**
 * Waits until no import is being applied, so that a reader sees whole files only. An import whose importer died
 * (its lock went stale) is rolled forward here.
 */
export async function waitForAppliedImports(context: Neo4jContext, locks: LockApi): Promise<void> {
  for (;;) {
    const applying = await readTransaction(context, async (tx) => {
      const result = await tx.run("MATCH (i:SwayImport {state: 'applying'}) RETURN count(i) AS n");
      return result.records[0].get('n') as number;
    });
    if (applying === 0) return;
    const owner = `reader:${randomUUID()}`;
    if (await locks.acquireLock(IMPORT_LOCK, owner, { staleAfterMs: LOCK_STALE_MS })) {
      try {
        await settleAbandonedImports(context);
      } finally {
        await locks.releaseLock(IMPORT_LOCK, owner);
      }
      return;
    }
    await sleep(250);
  }
}
