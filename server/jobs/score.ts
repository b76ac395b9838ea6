import { throwIfAborted } from '../../graph/errors.ts';
import type { ComputeScoresOptions } from '../../graph/scores/compute.ts';
import type { ScoreSet } from '../../graph/scores/types.ts';
import { SnapshotBuilder, type Snapshot } from '../../graph/snapshot.ts';
import {
  computeScoresWith,
  LOCAL_ENGINE,
  readsOwnGraph,
  type EngineConfig,
  type EngineScoreOptions,
} from '../engines/config.ts';
import type { GraphStore } from '../stores/contract.ts';

export interface LoadedSnapshot {
  snapshot: Snapshot;
  graphVersion: number;
  loadMs: number;
}

/** Streams the store's graph into a compute snapshot (the one path from a store to the algorithms). */
export async function loadSnapshot(store: GraphStore, options: { signal?: AbortSignal } = {}): Promise<LoadedSnapshot> {
  const started = performance.now();
  const { graphVersion, relationships } = await store.counts();
  const builder = new SnapshotBuilder({ expectedEdges: Math.max(1024, relationships) });
  await store.streamGraph(builder);
  throwIfAborted(options.signal);
  return { snapshot: builder.build(), graphVersion, loadMs: Math.round(performance.now() - started) };
}

export type ScorePhase = 'load' | 'compute' | 'write';

export interface ScoreStoreOptions extends Omit<ComputeScoresOptions, 'graphVersion' | 'onProgress'> {
  onPhase?: (phase: ScorePhase) => void;
  onProgress?: ComputeScoresOptions['onProgress'];
  /** Which engine computes the scores (default the local one). */
  engine?: EngineConfig;
  onSparkEvent?: EngineScoreOptions['onSparkEvent'];
}

export interface ScoreStoreResult {
  version: number;
  set: ScoreSet;
  /** The graph scored; null when the engine read a graph of its own (Spark with an input). */
  snapshot: Snapshot | null;
  people: number;
  relationships: number;
  phasesMs: Record<ScorePhase, number>;
}

/** Loads the graph, computes the score families and publishes them as the store's new current score version. */
export async function scoreStore(store: GraphStore, options: ScoreStoreOptions = {}): Promise<ScoreStoreResult> {
  const { onPhase, engine = LOCAL_ENGINE, ...computeOptions } = options;
  onPhase?.('load');
  // An engine that reads its own graph (Spark with an input on the cluster) needs none from the store.
  const loaded = readsOwnGraph(engine)
    ? { snapshot: null, graphVersion: (await store.counts()).graphVersion, loadMs: 0 }
    : await loadSnapshot(store, { signal: options.signal });
  onPhase?.('compute');
  const computeStarted = performance.now();
  const set = await computeScoresWith(engine, loaded.snapshot, {
    ...computeOptions,
    graphVersion: loaded.graphVersion,
  });
  const computeMs = Math.round(performance.now() - computeStarted);
  throwIfAborted(options.signal);
  onPhase?.('write');
  const writeStarted = performance.now();
  const version = await store.writeScoreSet(set, { signal: options.signal });
  return {
    version,
    set,
    snapshot: loaded.snapshot,
    people: set.ids.length,
    relationships: loaded.snapshot?.edgeCount ?? Number(set.meta.engineDetails?.relationships ?? 0),
    phasesMs: { load: loaded.loadMs, compute: computeMs, write: Math.round(performance.now() - writeStarted) },
  };
}
