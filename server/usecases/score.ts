import { throwIfAborted } from '../../graph/errors.ts';
import { computeScores, type ComputeScoresOptions } from '../../graph/scores/compute.ts';
import type { ScoreSet } from '../../graph/scores/types.ts';
import { SnapshotBuilder, type Snapshot } from '../../graph/snapshot.ts';
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
}

export interface ScoreStoreResult {
  version: number;
  set: ScoreSet;
  snapshot: Snapshot;
  phasesMs: Record<ScorePhase, number>;
}

/** Loads the graph, computes the score families and publishes them as the store's new current score version. */
export async function scoreStore(store: GraphStore, options: ScoreStoreOptions = {}): Promise<ScoreStoreResult> {
  const { onPhase, ...computeOptions } = options;
  onPhase?.('load');
  const loaded = await loadSnapshot(store, { signal: options.signal });
  onPhase?.('compute');
  const computeStarted = performance.now();
  const set = await computeScores(loaded.snapshot, { ...computeOptions, graphVersion: loaded.graphVersion });
  const computeMs = Math.round(performance.now() - computeStarted);
  throwIfAborted(options.signal);
  onPhase?.('write');
  const writeStarted = performance.now();
  const version = await store.writeScoreSet(set, { signal: options.signal });
  return {
    version,
    set,
    snapshot: loaded.snapshot,
    phasesMs: { load: loaded.loadMs, compute: computeMs, write: Math.round(performance.now() - writeStarted) },
  };
}
