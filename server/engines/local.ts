import { selectAdvocates } from '../../graph/algorithms/advocates/select.ts';
import { startWorkersForEveryCore } from '../../graph/parallel/pool.ts';
import { computeScores } from '../../graph/scores/compute.ts';
import type { Hooks } from '../hooks.ts';
import { loadGraph } from '../load/graph.ts';
import type { GraphStore } from '../stores/contract.ts';
import type { ComputedScores, Engine, ScoreRequest } from './engine.ts';
import { refuseIfTooLarge } from './memory.ts';

/** The engine of this process: the store streamed into a snapshot, the score families run on it (graph/scores). */
export const localEngine: Engine = {
  name: 'local',
  prepare: startWorkersForEveryCore,
  async computeScores(store: GraphStore, request: ScoreRequest, hooks: Hooks = {}): Promise<ComputedScores> {
    hooks.onPhase?.('load');
    // Before anything is loaded: a graph that cannot fit this machine is refused, pointing to the Spark engine.
    await refuseIfTooLarge(store, request.only);
    const { snapshot, graphVersion, loadMs } = await loadGraph(store, { signal: hooks.signal });
    hooks.onPhase?.('compute');
    const started = performance.now();
    const set = await computeScores(snapshot, {
      only: request.only ? [...request.only] : undefined,
      options: request.options,
      seed: request.seed,
      time: request.time,
      graphVersion,
      signal: hooks.signal,
      onProgress: ({ family, overall }) => hooks.onProgress?.(overall, family),
    });
    return {
      set,
      ids: snapshot.ids,
      people: snapshot.nodeCount,
      relationships: snapshot.edgeCount,
      phasesMs: { load: loadMs, compute: Math.round(performance.now() - started) },
    };
  },
  async selectAdvocates(snapshot, options) {
    return selectAdvocates(snapshot, options);
  },
};
