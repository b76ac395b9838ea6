import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { CancelledError } from '../../../graph/errors.ts';
import type { ScoreSet, ScoreSetMeta } from '../../../graph/scores/types.ts';
import type { ScoreVersionInfo } from '../contract.ts';
import { RETENTION_DEFAULTS, versionsToDrop, type Retention } from '../retention.ts';
import { checkScoreSet } from '../score-sets.ts';
import { autoCommit, int, readTransaction, writeTransaction, type Neo4jContext } from './session.ts';

/**
 * Score versions in Neo4j.
 *
 * Version v of a person's scores is one list property, `p.sway_scores_v<v>`, aligned with the columns recorded on
 * `(:SwayScoreVersion {version: v, columns, meta, state})`. `(:SwayMeta).currentScoreVersion` is the pointer readers
 * resolve, in the same query as the values they read, so a reader gets one version's values, never a mix.
 *
 * Writing: allocate v and record it as 'writing'; set the list on every person in transactions of CHUNK people;
 * then one transaction marks v complete and moves the pointer (the old current becomes previousScoreVersion, kept
 * for the movers summary); last, the versions the retention no longer keeps are dropped (retention.ts). A killed
 * writer leaves a 'writing' version nobody reads; it is removed once its heartbeat is older than `staleAfterMs`.
 *
 * For Cypher users (a CRM, a report) the current version is also copied into plain properties named after the
 * columns (`p.influence_score`, ...), with `p.score_version` saying which version a node's copy holds. The copy is
 * made right after the switch, in batches; `SwayMeta.mirroredVersion` records when it is complete, and a store start
 * finishes a copy that a killed writer left half done. Sway itself always reads through the pointer.
 */
const CHUNK = 5_000;

export function versionProperty(version: number): string {
  return `sway_scores_v${version}`;
}

export async function writeScoreVersion(
  context: Neo4jContext,
  set: ScoreSet,
  options: { signal?: AbortSignal; staleAfterMs: number; retention?: Retention },
): Promise<number> {
  const columns = checkScoreSet(set);
  await removeStaleVersions(context, options.staleAfterMs);
  const version = await writeTransaction(context, async (tx) => {
    const result = await tx.run(
      `MATCH (m:SwayMeta {key: 'sway'})
       SET m.scoreSeq = m.scoreSeq + 1
       CREATE (v:SwayScoreVersion {version: m.scoreSeq, state: 'writing', columns: $columns, meta: $meta, people: 0,
                                   createdAt: datetime(), heartbeatAt: timestamp()})
       RETURN v.version AS version`,
      { columns, meta: JSON.stringify(set.meta) },
    );
    return result.records[0].get('version') as number;
  });
  const property = versionProperty(version);
  try {
    const values = columns.map((c) => set.columns[c]);
    let written = 0;
    for (let start = 0; start < set.ids.length; start += CHUNK) {
      if (options.signal?.aborted) throw new CancelledError('score writing cancelled');
      const rows: { id: string; values: number[] }[] = [];
      for (let i = start; i < Math.min(set.ids.length, start + CHUNK); i++) {
        rows.push({ id: set.ids[i], values: values.map((column) => column[i]) });
      }
      written += await writeTransaction(context, async (tx) => {
        const result = await tx.run(
          `UNWIND $rows AS row
           MATCH (p:Person {id: row.id})
           SET p[$property] = row.values
           RETURN count(p) AS written`,
          { rows, property },
        );
        await tx.run('MATCH (v:SwayScoreVersion {version: $version}) SET v.heartbeatAt = timestamp()', {
          version: int(version),
        });
        return result.records[0].get('written') as number;
      });
      await yieldToEventLoop();
    }
    if (options.signal?.aborted) throw new CancelledError('score writing cancelled');
    await writeTransaction(context, async (tx) => {
      const result = await tx.run(
        `MATCH (m:SwayMeta {key: 'sway'}), (v:SwayScoreVersion {version: $version, state: 'writing'})
         SET v.state = 'complete', v.people = $written,
             m.previousScoreVersion = m.currentScoreVersion, m.currentScoreVersion = v.version
         RETURN v.version AS version`,
        { version: int(version), written: int(written) },
      );
      if (result.records.length === 0)
        throw new Error(`score version ${version} was removed while it was being written`);
    });
  } catch (error) {
    await dropVersion(context, version).catch(() => undefined);
    throw error;
  }
  await mirrorCurrentVersion(context);
  await pruneVersions(context, options.retention ?? RETENTION_DEFAULTS);
  return version;
}

/** Copies the current version into plain properties named after its columns (see the module comment). */
export async function mirrorCurrentVersion(context: Neo4jContext): Promise<void> {
  const state = await readTransaction(context, async (tx) => {
    const result = await tx.run(
      `MATCH (m:SwayMeta {key: 'sway'})
       OPTIONAL MATCH (v:SwayScoreVersion {version: m.currentScoreVersion})
       RETURN m.currentScoreVersion AS current, m.mirroredVersion AS mirrored, coalesce(m.mirroredColumns, []) AS mirroredColumns,
              v.columns AS columns`,
    );
    const r = result.records[0];
    return {
      current: r.get('current') as number | null,
      mirrored: r.get('mirrored') as number | null,
      mirroredColumns: r.get('mirroredColumns') as string[],
      columns: r.get('columns') as string[] | null,
    };
  });
  if (state.current === null || state.columns === null || state.current === state.mirrored) return;
  const columns = state.columns;
  const dropped = state.mirroredColumns.filter((c) => !columns.includes(c));
  const version = int(state.current);
  // Each column from the version's list (NaN, "no value", removes the property); columns of older versions go.
  await autoCommit(
    context,
    `MATCH (p:Person) WHERE p[$property] IS NOT NULL
     CALL (p) {
       WITH p, p[$property] AS values
       FOREACH (i IN range(0, size($columns) - 1) |
         SET p[$columns[i]] = CASE WHEN isNaN(values[i]) THEN null ELSE values[i] END)
       FOREACH (column IN $dropped | REMOVE p[column])
       SET p.score_version = $version
     } IN TRANSACTIONS OF 5000 ROWS`,
    { property: versionProperty(state.current), columns, dropped, version },
  );
  // People without a value in this version (imported after it was computed) lose the copy of an older one.
  const everyColumn = [...new Set([...columns, ...state.mirroredColumns])];
  await autoCommit(
    context,
    `MATCH (p:Person) WHERE p.score_version IS NOT NULL AND p.score_version <> $version
     CALL (p) {
       FOREACH (column IN $columns | REMOVE p[column])
       REMOVE p.score_version
     } IN TRANSACTIONS OF 5000 ROWS`,
    { columns: everyColumn, version },
  );
  await writeTransaction(context, (tx) =>
    tx.run("MATCH (m:SwayMeta {key: 'sway'}) SET m.mirroredVersion = $version, m.mirroredColumns = $columns", {
      version,
      columns,
    }),
  );
}

async function dropVersion(context: Neo4jContext, version: number): Promise<void> {
  await autoCommit(
    context,
    'MATCH (p:Person) WHERE p[$property] IS NOT NULL CALL (p) { REMOVE p[$property] } IN TRANSACTIONS OF 10000 ROWS',
    {
      property: versionProperty(version),
    },
  );
  await writeTransaction(context, (tx) =>
    tx.run('MATCH (v:SwayScoreVersion {version: $version}) DELETE v', { version: int(version) }),
  );
}

/** Removes 'writing' versions whose writer stopped refreshing the heartbeat (a killed process). */
export async function removeStaleVersions(context: Neo4jContext, staleAfterMs: number): Promise<void> {
  const stale = await readTransaction(context, async (tx) => {
    const result = await tx.run(
      "MATCH (v:SwayScoreVersion {state: 'writing'}) WHERE v.heartbeatAt < timestamp() - $stale RETURN v.version AS version",
      {
        stale: int(staleAfterMs),
      },
    );
    return result.records.map((r) => r.get('version') as number);
  });
  for (const version of stale) await dropVersion(context, version);
}

/** Drops the complete versions the retention no longer keeps (versions still being written stay). */
async function pruneVersions(context: Neo4jContext, retention: Retention): Promise<void> {
  const old = await readTransaction(context, async (tx) => {
    const result = await tx.run(
      `MATCH (m:SwayMeta {key: 'sway'}), (v:SwayScoreVersion {state: 'complete'})
       RETURN m.currentScoreVersion AS current, m.previousScoreVersion AS previous, v.version AS version,
              coalesce(v.createdAt.epochMillis, timestamp()) AS writtenAtMs`,
    );
    if (result.records.length === 0) return [];
    const first = result.records[0];
    const pinned = [first.get('current') as number | null, first.get('previous') as number | null];
    const kept = result.records.map((r) => ({
      version: r.get('version') as number,
      writtenAtMs: r.get('writtenAtMs') as number,
    }));
    return versionsToDrop(kept, pinned, retention);
  });
  for (const version of old) await dropVersion(context, version);
}

export interface VersionNode {
  version: number;
  columns: string[];
  meta: ScoreSetMeta;
  people: number;
}

/** Matches `v`, a complete version: the one given, or the current one through the pointer. */
function matchVersion(version: number | undefined): string {
  return version === undefined
    ? "MATCH (m:SwayMeta {key: 'sway'}) MATCH (v:SwayScoreVersion {version: m.currentScoreVersion, state: 'complete'})"
    : "MATCH (v:SwayScoreVersion {version: $version, state: 'complete'})";
}

function versionNode(properties: Record<string, unknown>): VersionNode {
  return {
    version: properties.version as number,
    columns: properties.columns as string[],
    meta: JSON.parse(properties.meta as string) as ScoreSetMeta,
    people: properties.people as number,
  };
}

/** A complete version (default: the current one), or null. */
export async function readVersion(context: Neo4jContext, version: number | undefined): Promise<VersionNode | null> {
  return readTransaction(context, async (tx) => {
    const result = await tx.run(`${matchVersion(version)} RETURN v`, {
      version: version === undefined ? null : int(version),
    });
    if (result.records.length === 0) return null;
    return versionNode(result.records[0].get('v').properties as Record<string, unknown>);
  });
}

/**
 * A complete version (default: the current one) and one person's list of it, in one query: the person is found by the
 * id constraint's index and the list is a property of their node, so the version's other people are not read.
 */
export async function readPersonVersion(
  context: Neo4jContext,
  id: string,
  version: number | undefined,
): Promise<{ node: VersionNode; values: number[] | null } | null> {
  return readTransaction(context, async (tx) => {
    const result = await tx.run(
      `${matchVersion(version)}
       OPTIONAL MATCH (p:Person {id: $id})
       RETURN v, p['sway_scores_v' + toString(v.version)] AS values`,
      { id, version: version === undefined ? null : int(version) },
    );
    if (result.records.length === 0) return null;
    const record = result.records[0];
    return {
      node: versionNode(record.get('v').properties as Record<string, unknown>),
      values: record.get('values') as number[] | null,
    };
  });
}

/** The complete versions, in increasing order. */
export async function completeVersions(context: Neo4jContext): Promise<number[]> {
  return readTransaction(context, async (tx) => {
    const result = await tx.run(
      "MATCH (v:SwayScoreVersion {state: 'complete'}) RETURN v.version AS version ORDER BY version",
    );
    return result.records.map((r) => r.get('version') as number);
  });
}

export function versionInfo(node: VersionNode): ScoreVersionInfo {
  return { version: node.version, meta: node.meta, people: node.people };
}
