import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBatches, readSnapshot } from '../../../graph/import/index.ts';
import { rescore } from '../../../server/jobs/rescore.ts';
import { loadSnapshot } from '../../../server/jobs/score.ts';
import type { GraphStore } from '../../../server/stores/contract.ts';
import { openStore } from '../../../server/stores/open.ts';
import { emptyDatabase, exportCredentials, missingNeo4jTools, startLocalNeo4j, stopLocalNeo4j } from '../../neo4j/local.ts';
import type { BenchContext, BenchSection } from '../section.ts';

/** Imported once into a store emptied afterwards, before the measured imports. */
const WARM_UP_DATASET = 'facebook.edgelist';

/** Issue targets for importing epinions, relationships per second. */
const IMPORT_TARGETS: Record<string, number> = { 'embedded (SQLite)': 300_000, Neo4j: 50_000 };

interface StoreUnderTest {
  name: string;
  /** An empty store (each call empties the database or makes a new data folder). */
  open(): Promise<GraphStore>;
  /** Removes what the bench wrote. */
  cleanup(): Promise<void>;
}

/**
 * Each store with epinions (508,837 relationships): a first import and a re-import of the same file (which changes
 * nothing), relationships per second, after a warm-up import of facebook.edgelist into a store emptied afterwards (a
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
    context.log(`baseline: parsing the file straight into a snapshot takes ${fmtSeconds(fileMs)} (${fromFile.edgeCount.toLocaleString('en-US')} edges)`);

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
            await warm.importBatches(readBatches(warmUpDataset, { format: 'edgelist', kind: 'follows' }), { source: WARM_UP_DATASET });
          } finally {
            await warm.close();
          }
        }
        const store = await target.open();
        try {
          for (const pass of ['first import', 're-import (no change)']) {
            context.gc();
            started = performance.now();
            const result = await store.importBatches(readBatches(dataset, { format: 'edgelist', kind: 'trusts' }), { source: 'epinions.edgelist' });
            const seconds = (performance.now() - started) / 1000;
            const rate = Math.round(result.relationships / seconds);
            const goal = IMPORT_TARGETS[target.name];
            importRows.push([target.name, pass, result.relationships, seconds.toFixed(1), rate, pass === 'first import' ? `${(rate / goal).toFixed(2)}x of ${goal.toLocaleString('en-US')}/s` : '']);
          }
          context.gc();
          const loaded = await loadSnapshot(store);
          if (loaded.snapshot.edgeCount !== fromFile.edgeCount) throw new Error(`${target.name} streamed ${loaded.snapshot.edgeCount} edges, the file has ${fromFile.edgeCount}`);
          loadRows.push([target.name, loaded.snapshot.nodeCount, loaded.snapshot.edgeCount, fmtSeconds(loaded.loadMs), `${(loaded.loadMs / fileMs).toFixed(2)}x the file's time`]);
          context.gc();
          started = performance.now();
          const summary = await rescore(store, {});
          const total = performance.now() - started;
          const { load, compute, write, movers } = summary.phasesMs;
          rescoreRows.push([target.name, fmtSeconds(load), fmtSeconds(compute), fmtSeconds(write), fmtSeconds(movers), fmtSeconds(total), fmtSeconds(total / (summary.relationships / 1e6))]);
        } finally {
          await store.close();
        }
      } finally {
        await target.cleanup();
      }
    }
    context.log(`import of epinions.edgelist (--kind trusts), all or nothing, into an empty store warmed up by an import of ${WARM_UP_DATASET}`);
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
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}
