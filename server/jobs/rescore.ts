import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { CancelledError } from '../../graph/errors.ts';
import type { GraphStore } from '../stores/contract.ts';
import { computeMovers, type Movers } from './movers.ts';
import { scoreStore, type ScorePhase } from './score.ts';

/**
 * The batch re-scoring job behind `sway rescore`: takes the store's re-scoring lock, streams the graph into a snapshot,
 * computes the selected score families, publishes them as a new score version (atomically, by the store contract) and
 * reports the biggest movers since the previous version. Interrupted (signal), it stops at the next safe point and the
 * previous version stays current; killed, the store's atomic switch guarantees the same, and the lock goes stale.
 */
export const RESCORE_LOCK = 'rescore';

export interface RescoreOptions {
  only?: string[];
  seed?: number;
  signal?: AbortSignal;
  /** A lock whose holder stopped refreshing it for this long is taken over (a killed run). Default 60 s. */
  lockStaleAfterMs?: number;
  onPhase?: (phase: RescorePhase) => void;
  onProgress?: (fraction: number, detail: string) => void;
}

export type RescorePhase = 'lock' | ScorePhase | 'movers';

export interface RescoreSummary {
  version: number;
  previousVersion: number | null;
  people: number;
  relationships: number;
  families: string[];
  phasesMs: Record<string, number>;
  movers: Movers | null;
  summary: Record<string, unknown>;
}

export class LockHeldError extends Error {
  constructor() {
    super('another re-scoring run holds the lock; try again when it has finished');
  }
}

export async function rescore(store: GraphStore, options: RescoreOptions = {}): Promise<RescoreSummary> {
  const owner = `${hostname()}:${process.pid}:${randomUUID()}`;
  const staleAfterMs = options.lockStaleAfterMs ?? 60_000;
  options.onPhase?.('lock');
  if (!(await store.acquireLock(RESCORE_LOCK, owner, { staleAfterMs }))) throw new LockHeldError();
  // Refresh the lock while working so that only a dead run's lock goes stale.
  const heartbeat = setInterval(
    () => {
      store.acquireLock(RESCORE_LOCK, owner, { staleAfterMs }).catch(() => undefined);
    },
    Math.max(1000, staleAfterMs / 4),
  );
  heartbeat.unref();
  try {
    const previous = await store.currentScoreVersion();
    const phasesMs: Record<string, number> = {};
    let phaseStarted = performance.now();
    let phase: RescorePhase = 'lock';
    const enter = (next: RescorePhase) => {
      phasesMs[phase] = Math.round(performance.now() - phaseStarted);
      phase = next;
      phaseStarted = performance.now();
      options.onPhase?.(next);
    };
    const result = await scoreStore(store, {
      only: options.only,
      seed: options.seed,
      signal: options.signal,
      onPhase: enter,
      onProgress: ({ family, overall }) => options.onProgress?.(overall, family),
    });
    enter('movers');
    let movers: Movers | null = null;
    if (previous) {
      const before = await store.readScores(previous.version);
      const after = await store.readScores(result.version);
      if (before && after) movers = await computeMovers(before.rows, after.rows);
    }
    phasesMs.movers = Math.round(performance.now() - phaseStarted);
    return {
      version: result.version,
      previousVersion: previous?.version ?? null,
      people: result.snapshot.nodeCount,
      relationships: result.snapshot.edgeCount,
      families: result.set.meta.families,
      phasesMs: {
        ...phasesMs,
        ...Object.fromEntries(Object.entries(result.set.meta.durationsMs).map(([k, v]) => [`compute.${k}`, v])),
      },
      movers,
      summary: result.set.meta.summary,
    };
  } catch (error) {
    if (options.signal?.aborted && !(error instanceof CancelledError)) throw new CancelledError('interrupted');
    throw error;
  } finally {
    clearInterval(heartbeat);
    await store.releaseLock(RESCORE_LOCK, owner).catch(() => undefined);
  }
}
