import { selectAdvocates } from '../../graph/algorithms/advocates/select.ts';
import { startWorkersFor } from '../../graph/parallel/pool.ts';
import { resolveThreads } from '../../graph/parallel/threads.ts';
import { computeScores } from '../../graph/scores/compute.ts';
import type { Hooks } from '../hooks.ts';
import { loadGraph } from '../load/graph.ts';
import type { GraphStore } from '../stores/contract.ts';
import type { ComputedScores, Engine, EngineSettings, ScoreRequest } from './engine.ts';
import { refuseIfTooLarge } from './memory.ts';

/**
 * The threads the local engine's settings ask for (`threads`, checked by the use case's schema), or every core: the
 * library's own rule (resolveThreads).
 */
function threadsOf(settings: EngineSettings | undefined): number {
  return resolveThreads('the local engine', typeof settings?.threads === 'number' ? settings.threads : null);
}

/**
 * The engine of this process: the store streamed into a snapshot, the score families run on it (graph/scores), on
 * the threads its settings ask for.
 */
export const localEngine: Engine = {
  name: 'local',
  prepare: (settings) => startWorkersFor(threadsOf(settings)),
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
      threads: threadsOf(request.settings),
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
  async selectAdvocates(snapshot, options, settings) {
    return selectAdvocates(snapshot, { ...options, threads: options.threads ?? threadsOf(settings) });
  },
};
