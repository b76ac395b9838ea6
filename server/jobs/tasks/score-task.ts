import { SwayError } from '../../../graph/errors.ts';
import type { GraphStore } from '../../stores/contract.ts';
import { LockHeldError, rescore, type RescorePhase, type RescoreSummary } from '../rescore.ts';
import type { ScoreTaskParams } from '../protocol.ts';
import type { TaskContext } from './context.ts';

/** Where each re-scoring phase starts in the job's 0..1 progress (computing dominates). */
const PHASE_START: Record<RescorePhase, number> = { lock: 0, load: 0.02, compute: 0.1, write: 0.9, movers: 0.97 };

/** Re-scores the store through the batch re-scoring job, under the store's re-scoring lock (one at a time). */
export async function runScoreTask(
  store: GraphStore,
  params: ScoreTaskParams,
  context: TaskContext,
): Promise<RescoreSummary> {
  let phase: RescorePhase = 'lock';
  try {
    return await rescore(store, {
      only: params.only,
      seed: params.seed,
      signal: context.signal,
      onPhase: (next) => {
        phase = next;
        context.progress({ fraction: PHASE_START[next], phase: next });
      },
      onProgress: (fraction, detail) => {
        if (phase !== 'compute') return;
        context.progress({
          fraction: PHASE_START.compute + (PHASE_START.write - PHASE_START.compute) * fraction,
          phase,
          detail,
        });
      },
    });
  } catch (error) {
    if (error instanceof LockHeldError) throw new SwayError('CONFLICT', error.message);
    throw error;
  }
}
