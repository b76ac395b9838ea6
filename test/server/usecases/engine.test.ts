import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBatches, readSnapshot } from '../../../graph/import/index.ts';
import { computeScores } from '../../../graph/scores/compute.ts';
import type { Engine } from '../../../server/engines/engine.ts';
import { localEngine } from '../../../server/engines/local.ts';
import type { GraphStore } from '../../../server/stores/contract.ts';
import { openStore } from '../../../server/stores/open.ts';
import { ENGINES } from '../../../server/engines/index.ts';
import { ENGINE_OPTION_KEYS, chosenEngine, parseEngineChoice } from '../../../server/usecases/engine-choice.ts';
import { parseOptions, RETENTION_OPTION_KEYS } from '../../../server/usecases/options.ts';
import { rescore, rescoreOptions } from '../../../server/usecases/rescore.ts';
import { scoreOptions, scoreStore } from '../../../server/usecases/score.ts';
import { FIXTURES_DIR } from '../../datasets.ts';

const FILE = join(FIXTURES_DIR, 'import', 'relationships.csv');
const PEOPLE = join(FIXTURES_DIR, 'import', 'people.csv');

/**
 * The seam another engine (Spark, issue 19) plugs into: an engine that does not read the store's graph but the file it
 * came from, as a cluster reads files, and hands back a score set. The use cases publish whatever the engine computed.
 */
const fileEngine: Engine = {
  name: 'file',
  prepare() {},
  async computeScores(_store, request, hooks = {}) {
    hooks.onPhase?.('load');
    const snapshot = await readSnapshot(FILE, { format: 'csv', people: PEOPLE });
    hooks.onPhase?.('compute');
    const set = await computeScores(snapshot, {
      only: request.only ? [...request.only] : undefined,
      seed: request.seed,
      graphVersion: 42,
    });
    return {
      set,
      ids: snapshot.ids,
      people: snapshot.nodeCount,
      relationships: snapshot.edgeCount,
      phasesMs: { load: 0, compute: 0 },
    };
  },
  selectAdvocates: localEngine.selectAdvocates,
};

describe('the engine seam', () => {
  let data: string;
  let store: GraphStore;
  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'sway-engine-'));
    store = await openStore({ data });
    await store.importBatches(readBatches(FILE, { format: 'csv', people: PEOPLE }), { source: 'relationships.csv' });
  });
  afterAll(async () => {
    await store?.close();
    rmSync(data, { recursive: true, force: true });
  });

  it("scoring publishes the engine's score set, through its phases", async () => {
    const phases: string[] = [];
    const result = await scoreStore(
      store,
      { only: ['influence'], seed: 7 },
      { engine: fileEngine, onPhase: (phase) => phases.push(phase) },
    );
    expect(phases).toEqual(['load', 'compute', 'write']);
    const table = (await store.readScores())!;
    expect(table.version).toBe(result.version);
    expect(table.meta.graphVersion).toBe(42);
    // The set records which engine computed it.
    expect(table.meta.engine).toBe('file');
    const expected = await computeScores(await readSnapshot(FILE, { format: 'csv', people: PEOPLE }), {
      only: ['influence'],
      seed: 7,
    });
    const index = new Map(Array.from(expected.ids, (id, i) => [id, i]));
    for await (const row of table.rows) expect(row.scores.pagerank).toBe(expected.columns.pagerank[index.get(row.id)!]);
  });

  it("re-scoring with the engine compares the new set with the previous version by the engine's ids", async () => {
    const summary = await rescore(store, { only: ['influence'], seed: 7 }, { engine: fileEngine });
    expect(summary).toMatchObject({ people: 5, relationships: 4, families: ['influence'] });
    // The same scores as the version before: nobody moved, nobody is new.
    expect(summary.movers).toMatchObject({ risers: [], fallers: [], newcomers: 0, departed: 0 });
  });
});

describe('the engine option of the use cases', () => {
  it('names the local engine by default and the Spark engine with its settings', () => {
    expect(chosenEngine(parseOptions(scoreOptions, {}, 'scoring'))).toEqual({ engine: ENGINES.local });
    const spark = parseOptions(
      scoreOptions,
      {
        engine: 'spark',
        sparkMaster: 'spark://spark-master:7077',
        sparkWork: 'hdfs:///sway/work',
        sparkPartitions: 64,
        sparkConf: ['spark.executor.memory=16g', 'spark.cores.max=64'],
      },
      'scoring',
    );
    expect(chosenEngine(spark)).toEqual({
      engine: ENGINES.spark,
      settings: {
        master: 'spark://spark-master:7077',
        work: 'hdfs:///sway/work',
        partitions: 64,
        submitArgs: ['--conf', 'spark.executor.memory=16g', '--conf', 'spark.cores.max=64'],
      },
    });
    expect(parseEngineChoice({ engine: 'spark' }).engine).toBe('spark');
  });

  it('refuses an unknown engine and malformed Spark settings, naming the option', () => {
    expect(() => parseOptions(scoreOptions, { engine: 'hadoop' }, 'scoring')).toThrow(
      /^scoring: engine: must be one of local, spark/,
    );
    expect(() => parseOptions(scoreOptions, { engine: 'spark', sparkDriverMemory: 'lots' }, 'scoring')).toThrow(
      /sparkDriverMemory: must be a size like 4g/,
    );
    expect(() => parseOptions(scoreOptions, { engine: 'spark', sparkConf: ['memory'] }, 'scoring')).toThrow(
      /sparkConf\.0: must be key=value/,
    );
  });

  it("leaves the engine and the retention out of the API's re-scoring input: the server's configuration chooses them", () => {
    const input = rescoreOptions
      .omit({ ...ENGINE_OPTION_KEYS, ...RETENTION_OPTION_KEYS })
      .parse({ engine: 'spark', sparkSubmit: '/bin/sh', seed: 3, keepVersions: 50 });
    expect(input).toEqual({ seed: 3, lockStaleAfterSeconds: 60, communityMethod: 'leiden', resolution: 1 });
  });
});
