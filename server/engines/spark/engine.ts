import { InvalidOptionsError } from '../../../graph/errors.ts';
import { StringIds } from '../../../graph/ids.ts';
import type { Snapshot } from '../../../graph/snapshot.ts';
import type { Hooks } from '../../hooks.ts';
import { loadGraph } from '../../load/graph.ts';
import type { GraphStore } from '../../stores/contract.ts';
import type { ComputedScores, Engine, EngineSettings, ScoreRequest } from '../engine.ts';
import { computeScoresOnSpark, selectAdvocatesOnSpark, sparkProgressDetail, type AppEvent } from './index.ts';
import type { SparkEngineOptions } from './options.ts';

/**
 * The Spark engine behind the engine seam (server/engines/engine.ts): the store's graph written for the Spark
 * application, or one already on the cluster (`input`: Sway loads nothing), the application run, its scores read back
 * for the use case to publish. The application's task counts reach the hooks as the progress detail, at the last
 * fraction reported. Settings: SparkEngineOptions (options.ts), checked there.
 */
export const sparkEngine: Engine = {
  name: 'spark',
  // Nothing to start ahead: the cluster computes, and an advocate plan's local evaluation starts its threads itself.
  prepare() {},
  async computeScores(store: GraphStore, request: ScoreRequest, hooks: Hooks = {}): Promise<ComputedScores> {
    const spark = request.settings as Partial<SparkEngineOptions> | undefined;
    // Time views (as of, window, half-life) are built by the local engine; a Spark run scores the graph as stored.
    const time = request.time ?? {};
    if (Object.values(time).some((value) => value !== undefined && value !== null))
      throw new InvalidOptionsError(
        'spark',
        'scoring as of a date, over a window or with a half-life needs the local engine',
      );
    hooks.onPhase?.('load');
    const started = performance.now();
    let snapshot: Snapshot | null = null;
    let graphVersion: number;
    if (spark?.input) graphVersion = (await store.counts()).graphVersion;
    else ({ snapshot, graphVersion } = await loadGraph(store, { signal: hooks.signal }));
    const loadMs = Math.round(performance.now() - started);
    hooks.onPhase?.('compute');
    const computeStarted = performance.now();
    const relay = progressRelay((fraction, detail) => hooks.onProgress?.(fraction, detail));
    const { timings: _timings, ...set } = await computeScoresOnSpark(snapshot, {
      only: request.only ? [...request.only] : undefined,
      options: request.options,
      seed: request.seed,
      graphVersion,
      signal: hooks.signal,
      spark,
      onProgress: ({ family, overall }) => relay.update(overall, family),
      onSparkEvent: relay.onSparkEvent,
    });
    let ids = snapshot?.ids;
    if (!ids) {
      const read = new StringIds();
      for (let i = 0; i < set.ids.length; i++) read.intern(String(set.ids[i]));
      ids = read;
    }
    return {
      set,
      ids,
      people: set.ids.length,
      relationships: snapshot?.edgeCount ?? Number(set.meta.engineDetails?.relationships ?? 0),
      phasesMs: { load: loadMs, compute: Math.round(performance.now() - computeStarted) },
    };
  },
  async selectAdvocates(snapshot, options, settings?: EngineSettings) {
    const report = options.onProgress;
    let phase: 'selecting' | 'evaluating' = 'selecting';
    const relay = progressRelay((fraction, detail) => report?.({ phase, fraction, detail }));
    return selectAdvocatesOnSpark(snapshot, {
      ...options,
      spark: settings as Partial<SparkEngineOptions> | undefined,
      onProgress: (progress) => {
        phase = progress.phase;
        relay.update(progress.fraction, progress.detail);
      },
      onSparkEvent: relay.onSparkEvent,
    });
  },
};

/** Progress with the application's task counts as the detail, shown at the last fraction reported. */
function progressRelay(report: (fraction: number, detail?: string) => void) {
  let last = 0;
  return {
    update(fraction: number, detail?: string) {
      last = fraction;
      report(fraction, detail);
    },
    onSparkEvent(event: AppEvent) {
      const detail = sparkProgressDetail(event);
      if (detail) report(last, detail);
    },
  };
}
