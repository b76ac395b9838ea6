import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBatches, readSnapshot } from '../../../graph/import/index.ts';
import { rescore } from '../../../server/jobs/rescore.ts';
import { loadSnapshot } from '../../../server/jobs/score.ts';
import type { GraphStore } from '../../../server/stores/contract.ts';
import { openStore } from '../../../server/stores/open.ts';
import {
  emptyDatabase,
  exportCredentials,
  missingNeo4jTools,
  startLocalNeo4j,
  stopLocalNeo4j,
} from '../../neo4j/local.ts';
import type { BenchContext, BenchSection } from '../section.ts';

/** Imported once into a store emptied afterwards, before the measured imports. */
const WARM_UP_DATASET = 'facebook.edgelist';

/** Issue targets for importing epinions, relationships per second. */
const IMPORT_TARGETS: Record<string, number> = { 'embedded (SQLite)': 300_000, Neo4j: 50_000 };

interface StoreUnderTest {
  name: string;
  /** First imports measured, each into an empty store; the median is reported (a Neo4j import takes 20 s or more). */
  firstImportRuns: number;
  /** An empty store (each call empties the database or makes a new data folder). */
  open(): Promise<GraphStore>;
  /** Removes what the bench wrote. */
  cleanup(): Promise<void>;
}

/**
 * Each store with epinions (508,837 relationships): a first import (the median of three into empty stores for SQLite,
 * where one takes two seconds and the machine's noise is of that order) and a re-import of the same file (which
 * changes nothing), relationships per second, after a warm-up import of facebook.edgelist into a store emptied afterwards (a
 * Neo4j server just started runs its first import about a third slower while its JIT compiles; a server in service
 * has long been warm); the time to stream the stored graph into a compute snapshot against parsing the
 * file into one (the same snapshot, without a store); and a full `sway rescore` end to end, by phase.
 *
 * Neo4j runs on the local development server of scripts/neo4j (started if Java and Maven are here, reused if running),
 * whose database the bench EMPTIES first, as the tests do. It never touches a server named by SWAY_NEO4J_URL.
 */
export const storesSection: BenchSection = {
  id: 'stores',
  title: 'Stores: import, stream into a snapshot and re-score epinions end to end, embedded SQLite and Neo4j',
  async run(context) {
    const dataset = join(context.datasetsDir, 'epinions.edgelist');
    if (!existsSync(dataset)) {
      context.log(`skipped: ${dataset} not found`);
      return;
    }
    let started = performance.now();
    const fromFile = await readSnapshot(dataset, { format: 'edgelist', kind: 'trusts' });
    const fileMs = performance.now() - started;
    context.log(
      `baseline: parsing the file straight into a snapshot takes ${fmtSeconds(fileMs)} (${fromFile.edgeCount.toLocaleString('en-US')} edges)`,
    );

    const stores: StoreUnderTest[] = [embedded()];
    const neo4j = localNeo4j(context);
    if (neo4j) stores.push(neo4j);

    const importRows: Array<Array<string | number>> = [];
    const loadRows: Array<Array<string | number>> = [];
    const rescoreRows: Array<Array<string | number>> = [];
    const warmUpDataset = join(context.datasetsDir, WARM_UP_DATASET);
    for (const target of stores) {
      try {
        if (existsSync(warmUpDataset)) {
          const warm = await target.open();
          try {
            await warm.importBatches(readBatches(warmUpDataset, { format: 'edgelist', kind: 'follows' }), {
              source: WARM_UP_DATASET,
            });
          } finally {
            await warm.close();
          }
        }
        const importEpinions = async (into: GraphStore) => {
          context.gc();
          const begun = performance.now();
          const result = await into.importBatches(readBatches(dataset, { format: 'edgelist', kind: 'trusts' }), {
            source: 'epinions.edgelist',
          });
          const seconds = (performance.now() - begun) / 1000;
          return { relationships: result.relationships, seconds, rate: Math.round(result.relationships / seconds) };
        };
        // The first import, into a fresh store each time; the store of the last run is kept for what follows.
        const firstRuns: Array<Awaited<ReturnType<typeof importEpinions>>> = [];
        let store = await target.open();
        try {
          for (let run = 1; ; run++) {
            firstRuns.push(await importEpinions(store));
            if (run === target.firstImportRuns) break;
            await store.close();
            store = await target.open();
          }
          const goal = IMPORT_TARGETS[target.name];
          const median = [...firstRuns].sort((a, b) => a.rate - b.rate)[(firstRuns.length - 1) >> 1];
          const spread =
            firstRuns.length > 1
              ? ` (median of ${firstRuns.length}: ${Math.min(...firstRuns.map((r) => r.rate)).toLocaleString('en-US')}-${Math.max(...firstRuns.map((r) => r.rate)).toLocaleString('en-US')}/s)`
              : '';
          importRows.push([
            target.name,
            'first import',
            median.relationships,
            median.seconds.toFixed(1),
            median.rate,
            `${(median.rate / goal).toFixed(2)}x of ${goal.toLocaleString('en-US')}/s${spread}`,
          ]);
          const again = await importEpinions(store);
          importRows.push([
            target.name,
            're-import (no change)',
            again.relationships,
            again.seconds.toFixed(1),
            again.rate,
            '',
          ]);
          context.gc();
          const loaded = await loadSnapshot(store);
          if (loaded.snapshot.edgeCount !== fromFile.edgeCount)
            throw new Error(
              `${target.name} streamed ${loaded.snapshot.edgeCount} edges, the file has ${fromFile.edgeCount}`,
            );
          loadRows.push([
            target.name,
            loaded.snapshot.nodeCount,
            loaded.snapshot.edgeCount,
            fmtSeconds(loaded.loadMs),
            `${(loaded.loadMs / fileMs).toFixed(2)}x the file's time`,
          ]);
          context.gc();
          started = performance.now();
          const summary = await rescore(store, {});
          const total = performance.now() - started;
          const { load, compute, write, movers } = summary.phasesMs;
          rescoreRows.push([
            target.name,
            fmtSeconds(load),
            fmtSeconds(compute),
            fmtSeconds(write),
            fmtSeconds(movers),
            fmtSeconds(total),
            fmtSeconds(total / (summary.relationships / 1e6)),
          ]);
        } finally {
          await store.close();
        }
      } finally {
        await target.cleanup();
      }
    }
    context.log(
      `import of epinions.edgelist (--kind trusts), all or nothing, into an empty store warmed up by an import of ${WARM_UP_DATASET}`,
    );
    context.table(['store', 'pass', 'relationships', 's', 'relationships/s', 'against the target'], importRows);
    context.log('\nstreaming the stored graph into a compute snapshot');
    context.table(['store', 'people', 'edges', 'time', 'against parsing the file'], loadRows);
    context.log('\nsway rescore, every score family, end to end');
    context.table(['store', 'load', 'compute', 'write', 'movers', 'total', 'per million relationships'], rescoreRows);
  },
};

function embedded(): StoreUnderTest {
  const root = mkdtempSync(join(tmpdir(), 'sway-bench-store-'));
  let opened = 0;
  return {
    name: 'embedded (SQLite)',
    firstImportRuns: 3,
    open: () => openStore({ data: join(root, `store-${opened++}`) }),
    cleanup: async () => rmSync(root, { recursive: true, force: true }),
  };
}

/** The local development Neo4j, emptied; null (with the reason printed) where it cannot run here. */
function localNeo4j(context: BenchContext): StoreUnderTest | null {
  const missing = missingNeo4jTools();
  if (missing.length > 0) {
    context.log(`Neo4j skipped: ${missing.join(' and ')} not found`);
    return null;
  }
  const { connection, wasRunning } = startLocalNeo4j();
  exportCredentials(connection);
  return {
    name: 'Neo4j',
    firstImportRuns: 1,
    open: async () => {
      await emptyDatabase(connection);
      return openStore({ store: connection.url });
    },
    cleanup: async () => {
      if (!wasRunning) stopLocalNeo4j();
    },
  };
}

function fmtSeconds(ms: number): string {
  return ms >= 10_000
    ? `${(ms / 1000).toFixed(1)} s`
    : ms >= 1000
      ? `${(ms / 1000).toFixed(2)} s`
      : `${Math.round(ms)} ms`;
}
